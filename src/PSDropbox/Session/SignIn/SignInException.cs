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
    /// <summary>A flow that needs a person ran where nobody can answer (a service, a scheduled task, -NonInteractive).</summary>
    NonInteractive,
}

/// <summary>A browser or paste-code sign-in that did not produce an authorization code.</summary>
public sealed class SignInException : Exception
{
    public SignInException(SignInFailure reason, string message, Exception? inner = null) : base(message, inner) => Reason = reason;

    public SignInFailure Reason { get; }

    /// <summary>A browser or paste-code sign-in where nobody can answer: says how to sign in once and reuse it unattended.</summary>
    public static SignInException NonInteractive(string why, string flow, Exception? inner = null) => new(SignInFailure.NonInteractive,
        $"Cannot {flow}: {why}. Sign in once interactively with Connect-Dropbox -AppKey <key> -Name <profile> -Scope CurrentUser " +
        "(or get a refresh token), then use Connect-Dropbox -Name <profile> or -RefreshToken here.", inner);
}
