namespace PSDropbox.Client;

/// <summary>
/// The one rule for closing a message around text that may already be a sentence (an exception's message, Dropbox's
/// user_message, a sync reason): it ends with one full stop, never two.
/// </summary>
internal static class Sentence
{
    /// <summary><paramref name="text"/> with a '.' added, unless it already ends with '.', '!' or '?'.</summary>
    public static string End(string text)
    {
        var trimmed = text.TrimEnd();
        return trimmed.Length > 0 && trimmed[trimmed.Length - 1] is '.' or '!' or '?' ? trimmed : trimmed + ".";
    }
}
