using PSDropbox.Client;

namespace PSDropbox.Tests.Unit.Client;

public class DropboxPathTests
{
    [Theory]
    [InlineData("/", "")]
    [InlineData("", "")]
    [InlineData("/Docs", "/Docs")]
    [InlineData("Docs/a.txt", "/Docs/a.txt")]
    [InlineData("id:a4ayc_80_OEAAAAAAAAAXw", "id:a4ayc_80_OEAAAAAAAAAXw")]
    [InlineData("rev:a1c10ce0dd78", "rev:a1c10ce0dd78")]
    [InlineData("ns:123/x", "ns:123/x")]
    [InlineData("/Docs/", "/Docs")]
    [InlineData("Docs/Sub/", "/Docs/Sub")]
    [InlineData("Dropbox:/Docs/a.txt", "/Docs/a.txt")]
    [InlineData(@"dropbox:\Docs\a.txt", "/Docs/a.txt")]
    [InlineData("Dropbox:", "")]
    [InlineData(@"Dropbox:\", "")]
    [InlineData("Dropbox:Docs", "/Docs")]
    public void Normalizes_what_people_type(string input, string expected) => Assert.Equal(expected, DropboxPath.Normalize(input));

    [Theory]
    [InlineData("/", true)]
    [InlineData("Dropbox:/", true)]
    [InlineData(@"Dropbox:\", true)]
    [InlineData("Dropbox:/Docs", false)]
    [InlineData("/Docs", false)]
    public void Knows_the_root(string input, bool isRoot) => Assert.Equal(isRoot, DropboxPath.IsRoot(input));

    [Theory]
    [InlineData("/Docs//")]
    [InlineData("//")]
    [InlineData("/Docs ")]
    [InlineData("/Docs /")]
    [InlineData("/Docs\t")]
    public void Refuses_an_empty_last_name_and_trailing_whitespace(string input)
    {
        var e = Assert.Throws<MalformedPathException>(() => DropboxPath.Normalize(input));
        Assert.Equal(input, e.Path);
    }

    [Theory]
    [InlineData("/Docs/report.txt", 1, false, "/Docs/report (1).txt")]
    [InlineData("/Docs/report.txt", 2, false, "/Docs/report (2).txt")]
    [InlineData("/a.tar.gz", 1, false, "/a.tar (1).gz")]
    [InlineData("/Docs/README", 3, false, "/Docs/README (3)")]
    [InlineData("/Docs/.profile", 1, false, "/Docs/.profile (1)")]
    [InlineData("/Docs/report.txt", 1, true, "/Docs/report (conflicted copy).txt")]
    [InlineData("/Docs/report.txt", 2, true, "/Docs/report (conflicted copy 2).txt")]
    public void Names_autorenamed_files_as_Dropbox_does(string path, int n, bool conflictedCopy, string expected) =>
        Assert.Equal(expected, DropboxPath.Autorenamed(path, n, conflictedCopy));
}
