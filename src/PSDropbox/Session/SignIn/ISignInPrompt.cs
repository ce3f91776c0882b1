namespace PSDropbox.SignIn;

/// <summary>
/// What a sign-in needs from the person at the keyboard. Connect-Dropbox implements it on the PowerShell host; the
/// sign-in service calls it from its own thread.
/// </summary>
internal interface ISignInPrompt
{
    /// <summary>Null when a person can answer; otherwise why nobody can (a service, a scheduled task, -NonInteractive).</summary>
    string? WhyNotInteractive { get; }

    Task WriteLineAsync(string line);

    /// <summary>Shows <paramref name="prompt"/> and reads the line typed; throws SignInException (NonInteractive) when the host cannot read.</summary>
    Task<string?> ReadLineAsync(string prompt);

    void WriteWarning(string text);

    void WriteVerbose(string text);
}
