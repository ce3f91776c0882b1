namespace PSDropbox.Transport;

/// <summary>
/// Where the transport tells what happens: one line per HTTP attempt (<see cref="Sink"/>, -Verbose output), and the few
/// things a person must see even without -Verbose (<see cref="WarningSink"/>: a server that cannot be reached, a stalled
/// transfer being retried). The cmdlet running the call sets both for its async flow; nothing is written without them.
/// Lines never contain headers or bodies, so tokens cannot leak through them.
/// </summary>
public static class HttpLog
{
    private static readonly AsyncLocal<Action<string>?> CurrentSink = new();
    private static readonly AsyncLocal<Action<string>?> CurrentWarningSink = new();

    public static Action<string>? Sink
    {
        get => CurrentSink.Value;
        set => CurrentSink.Value = value;
    }

    public static Action<string>? WarningSink
    {
        get => CurrentWarningSink.Value;
        set => CurrentWarningSink.Value = value;
    }

    internal static void Write(string line) => CurrentSink.Value?.Invoke(line);

    internal static void Warn(string text) => CurrentWarningSink.Value?.Invoke(text);
}
