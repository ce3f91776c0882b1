namespace PSDropbox.Transport;

/// <summary>Which part of one HTTP exchange a timeout hit.</summary>
public enum TransferPhase
{
    /// <summary>Before the first byte of the request went out: connecting (TCP, TLS, a proxy's CONNECT) or waiting for a connection.</summary>
    Connecting,
    /// <summary>Sending the request body.</summary>
    Sending,
    /// <summary>The request was sent; no answer (headers) yet.</summary>
    WaitingForAnswer,
    /// <summary>Receiving the answer's body.</summary>
    Receiving,
}

/// <summary>
/// Nothing moved for as long as a timeout allows, so the exchange was abandoned. It is an IOException so that it is
/// retried exactly like a lost connection (uploads resume from the server's offset, downloads from the bytes on disk).
/// </summary>
public sealed class TransferStalledException : IOException
{
    public TransferStalledException(TransferPhase phase, TimeSpan limit, Exception? inner = null)
        : base(Describe(phase, limit), inner)
    {
        Phase = phase;
        Limit = limit;
    }

    public TransferPhase Phase { get; }

    /// <summary>The limit that was hit.</summary>
    public TimeSpan Limit { get; }

    /// <summary>The Connect-Dropbox parameter that sets <see cref="Limit"/>.</summary>
    public string LimitName => Phase == TransferPhase.Connecting ? "ConnectionTimeoutSeconds" : "OperationTimeoutSeconds";

    /// <summary>Nothing of the request left this machine, so repeating it cannot do anything twice.</summary>
    public bool NothingSent => Phase == TransferPhase.Connecting;

    private static string Describe(TransferPhase phase, TimeSpan limit)
    {
        var seconds = $"{limit.TotalSeconds:0.###} s";
        return phase switch
        {
            TransferPhase.Connecting => $"No connection was made within {seconds} (ConnectionTimeoutSeconds).",
            TransferPhase.Sending => $"The server took no data for {seconds} while the request was being sent (OperationTimeoutSeconds).",
            TransferPhase.WaitingForAnswer => $"No answer came within {seconds} of sending the request (OperationTimeoutSeconds).",
            _ => $"The answer stopped arriving for {seconds} (OperationTimeoutSeconds).",
        };
    }
}
