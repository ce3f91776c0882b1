// netstandard2.0 lacks the compiler types behind `init` accessors.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit { }
}
