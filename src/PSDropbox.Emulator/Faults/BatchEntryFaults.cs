namespace PSDropbox.Emulator.Faults;

/// <summary>
/// The batchwrite fault for one batch request: which of its entries fail alone with too_many_write_operations,
/// decided when the batch is launched so that the request log can name them ("batchwrite@0|3").
/// </summary>
internal sealed class BatchEntryFaults(double rate, Random random, FaultInjector injector)
{
    internal const string ItemKey = "PSDropbox.BatchEntryFaults";
    private readonly List<int> _failed = [];

    /// <summary>Which entries fail; none unless the fault injector put a decider in the request's items.</summary>
    public static bool[] For(HttpContext http, int count) =>
        http.Items[ItemKey] is BatchEntryFaults faults ? faults.Decide(http, count) : new bool[count];

    private bool[] Decide(HttpContext http, int count)
    {
        var contended = new bool[count];
        for (var i = 0; i < count; i++)
        {
            if (random.NextDouble() >= rate) continue;
            contended[i] = true;
            _failed.Add(i);
        }
        if (_failed.Count > 0)
        {
            injector.CountInjected(_failed.Count);
            http.Items[FaultInjector.ItemKey] = this; // logged with the request, like the other faults
        }
        return contended;
    }

    public override string ToString() => "batchwrite@" + string.Join('|', _failed);
}
