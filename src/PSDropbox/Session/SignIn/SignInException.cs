namespace PSDropbox.SignIn;

public enum SignInFailure
{
    /// <summary>The user clicked Cancel (access_denied) or Dropbox redirected with another error.</summary>
    Denied,
    /// <summary>The redirect carried a state this sign-in did not send (a forged or stale request).</summary>
    StateMismatch,
    TimedOut,
    PortInUse,
    /// <summary>No code was entered in the paste-code flow.</summary>
    NoCode,
}

/// <summary>A browser or paste-code sign-in that did not produce an authorization code.</summary>
public sealed class SignInException : Exception
{
    public SignInException(SignInFailure reason, string message, Exception? inner = null) : base(message, inner) => Reason = reason;

    public SignInFailure Reason { get; }
}
