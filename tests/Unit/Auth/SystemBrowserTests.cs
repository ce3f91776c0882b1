using PSDropbox.SignIn;

namespace PSDropbox.Tests.Unit.Auth;

public sealed class SystemBrowserTests
{
    [Theory]
    [InlineData("firefox", new[] { "firefox" })]
    [InlineData("  chromium --new-window  ", new[] { "chromium", "--new-window" })]
    [InlineData("\"/opt/my browser/run\" --url '%s'", new[] { "/opt/my browser/run", "--url", "%s" })]
    public void Splits_a_BROWSER_entry_into_words(string entry, string[] words) => Assert.Equal(words, SystemBrowser.SplitWords(entry));
}
