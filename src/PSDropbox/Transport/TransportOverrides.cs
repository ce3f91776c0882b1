namespace PSDropbox.Transport;

/// <summary>
/// A command's own limits for the requests it makes (Send-/Receive-DropboxFile -OperationTimeoutSeconds and
/// -MaxTransferRate), on top of its connection's settings: set with <see cref="Apply"/> for the async flow of the
/// command's work, read by the transport's handlers. (Connecting keeps the connection's limit: the socket handler that
/// enforces it is the connection's.)
/// </summary>
public sealed class TransportOverrides
{
    private static readonly AsyncLocal<TransportOverrides?> CurrentValue = new();

    public TimeSpan? OperationTimeout { get; init; }

    /// <summary>Bytes per second for the command's transfers together (the connection's own rate, if any, still applies).</summary>
    public long? MaxTransferRate
    {
        get => Limiter?.BytesPerSecond;
        init => Limiter = value is long rate ? new TransferRateLimiter(rate) : null;
    }

    internal TransferRateLimiter? Limiter { get; private init; }

    internal static TransportOverrides? Current => CurrentValue.Value;

    /// <summary>Makes these overrides apply to the calling async flow (and the work it starts).</summary>
    public void Apply() => CurrentValue.Value = this;
}
