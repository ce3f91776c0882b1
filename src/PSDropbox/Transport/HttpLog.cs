namespace PSDropbox.Transport;

/// <summary>
/// Where transport writes one line per HTTP attempt. The cmdlet running the call sets the sink for its
/// async flow (it becomes -Verbose output); nothing is written when no sink is set.
/// Lines never contain headers or bodies, so tokens cannot leak through them.
/// </summary>
public static class HttpLog
{
    private static readonly AsyncLocal<Action<string>?> CurrentSink = new();

    public static Action<string>? Sink
    {
        get => CurrentSink.Value;
        set => CurrentSink.Value = value;
    }

    internal static void Write(string line) => CurrentSink.Value?.Invoke(line);
}
