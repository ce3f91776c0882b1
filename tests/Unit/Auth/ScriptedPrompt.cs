using System.Collections.Concurrent;
using PSDropbox.SignIn;

namespace PSDropbox.Tests.Unit.Auth;

/// <summary>A sign-in prompt whose person is a script: it sees every line shown and answers each question with <c>answer</c>.</summary>
internal sealed class ScriptedPrompt : ISignInPrompt
{
    private readonly Func<IReadOnlyList<string>, Task<string?>> _answer;

    public ScriptedPrompt(Func<IReadOnlyList<string>, Task<string?>> answer, string? whyNotInteractive = null)
    {
        _answer = answer;
        WhyNotInteractive = whyNotInteractive;
    }

    public string? WhyNotInteractive { get; }
    public ConcurrentQueue<string> Lines { get; } = new();
    public ConcurrentQueue<string> Warnings { get; } = new();

    public Task WriteLineAsync(string line)
    {
        Lines.Enqueue(line);
        return Task.CompletedTask;
    }

    public Task<string?> ReadLineAsync(string prompt)
    {
        Lines.Enqueue(prompt);
        return _answer(Lines.ToArray());
    }

    public void WriteWarning(string text) => Warnings.Enqueue(text);

    public void WriteVerbose(string text) { }

    /// <summary>The PKCE challenge of the authorize address the sign-in showed.</summary>
    public static string ChallengeIn(IEnumerable<string> lines)
    {
        var url = new Uri(lines.Single(l => l.Contains("/oauth2/authorize?", StringComparison.Ordinal)));
        return url.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).Single(p => p[0] == "code_challenge")[1];
    }
}
