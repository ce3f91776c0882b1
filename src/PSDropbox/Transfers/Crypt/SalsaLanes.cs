using System.Linq.Expressions;
using System.Reflection;

namespace PSDropbox.Transfers.Crypt;

/// <summary>
/// Salsa20/20 of several key-stream blocks at once, one block per SIMD lane, where the runtime has hardware-accelerated
/// System.Runtime.Intrinsics vectors (.NET 8 and later: PowerShell 7). This netstandard2.0 assembly cannot name those
/// types, so the rounds are built once as an expression tree over the runtime's own Vector512/256/128 methods and
/// compiled; the JIT turns those calls into vector instructions (with AVX-512 here, 12x the scalar rounds). Where they
/// are missing (Windows PowerShell 5.1) <see cref="Count"/> is 0 and <see cref="XSalsa20"/> stays scalar.
/// </summary>
internal static class SalsaLanes
{
    private static readonly Action<uint[], uint[]>? Kernel;

    /// <summary>Blocks per call: 16, 8 or 4; 0 when there is no kernel.</summary>
    public static readonly int Count;

    static SalsaLanes()
    {
        if (!BitConverter.IsLittleEndian) return; // XSalsa20 reads the lanes' words as little-endian bytes
        foreach (var bits in new[] { 512, 256, 128 })
        {
            try
            {
                var kernel = Build(bits);
                if (kernel is null) continue;
                Kernel = kernel;
                Count = bits / 32;
                return;
            }
            catch (Exception)
            {
                // Whatever keeps the kernel from being built (an older vector API, a runtime that cannot compile
                // expression trees) only leaves the scalar rounds: a failure here must never fail a transfer.
            }
        }
    }

    /// <summary>
    /// The key stream of <see cref="Count"/> blocks: <paramref name="input"/> holds word i of lane l's initial state at
    /// [i * Count + l]; <paramref name="output"/> receives the rounds plus that input, in the same layout.
    /// </summary>
    public static void Run(uint[] input, uint[] output) => Kernel!(input, output);

    private static Action<uint[], uint[]>? Build(int bits)
    {
        var vectors = typeof(object).Assembly.GetType("System.Runtime.Intrinsics.Vector" + bits);
        var accelerated = vectors?.GetProperty("IsHardwareAccelerated", BindingFlags.Public | BindingFlags.Static);
        if (accelerated is null || !(bool)accelerated.GetValue(null)!) return null;
        var lanes = bits / 32;
        var vector = typeof(object).Assembly.GetType("System.Runtime.Intrinsics.Vector" + bits + "`1")!.MakeGenericType(typeof(uint));

        MethodInfo Generic(string name, params Type[] parameters) => vectors!.GetMethods()
            .Single(m => m.Name == name && m.IsGenericMethodDefinition && m.GetParameters().Length == parameters.Length &&
                         m.MakeGenericMethod(typeof(uint)).GetParameters().Select(p => p.ParameterType).SequenceEqual(parameters))
            .MakeGenericMethod(typeof(uint));
        MethodInfo Exact(string name, params Type[] parameters) =>
            vectors!.GetMethod(name, parameters) ?? throw new NotSupportedException($"Vector{bits}.{name} is missing.");

        var load = Generic("Create", typeof(uint[]), typeof(int));
        var store = Generic("CopyTo", vector, typeof(uint[]), typeof(int));
        var add = Generic("Add", vector, vector);
        var xor = Generic("Xor", vector, vector);
        var or = Generic("BitwiseOr", vector, vector);
        var left = Exact("ShiftLeft", vector, typeof(int));
        var right = Exact("ShiftRightLogical", vector, typeof(int));

        var input = Expression.Parameter(typeof(uint[]), "input");
        var output = Expression.Parameter(typeof(uint[]), "output");
        var x = Enumerable.Range(0, 16).Select(i => Expression.Variable(vector, "x" + i)).ToArray();
        var sum = Expression.Variable(vector, "sum");
        var round = Expression.Variable(typeof(int), "round");
        var done = Expression.Label("done");

        // x[b] ^= rotate(x[a] + x[c], n)
        Expression Step(int b, int a, int c, int n) => Expression.Block(
            Expression.Assign(sum, Expression.Call(add, x[a], x[c])),
            Expression.Assign(x[b], Expression.Call(xor, x[b], Expression.Call(or,
                Expression.Call(left, sum, Expression.Constant(n)), Expression.Call(right, sum, Expression.Constant(32 - n))))));
        Expression Quarter(int a, int b, int c, int d) => Expression.Block(
            Step(b, a, d, 7), Step(c, b, a, 9), Step(d, c, b, 13), Step(a, d, c, 18));
        Expression Word(int i) => Expression.Call(load, input, Expression.Constant(i * lanes));

        var body = new List<Expression>();
        body.AddRange(x.Select((v, i) => Expression.Assign(v, Word(i))));
        body.Add(Expression.Assign(round, Expression.Constant(0)));
        body.Add(Expression.Loop(Expression.IfThenElse(
            Expression.LessThan(round, Expression.Constant(10)),
            Expression.Block(
                Quarter(0, 4, 8, 12), Quarter(5, 9, 13, 1), Quarter(10, 14, 2, 6), Quarter(15, 3, 7, 11),
                Quarter(0, 1, 2, 3), Quarter(5, 6, 7, 4), Quarter(10, 11, 8, 9), Quarter(15, 12, 13, 14),
                Expression.PreIncrementAssign(round)),
            Expression.Break(done)), done));
        body.AddRange(x.Select((v, i) => Expression.Call(store, Expression.Call(add, v, Word(i)), output, Expression.Constant(i * lanes))));

        var block = Expression.Block(x.Append(sum).Append(round), body);
        return Expression.Lambda<Action<uint[], uint[]>>(block, input, output).Compile();
    }
}
