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
    public void Normalizes_what_people_type(string input, string expected) => Assert.Equal(expected, DropboxPath.Normalize(input));

    [Theory]
    [InlineData("/Docs/")]
    [InlineData("/Docs//")]
    [InlineData("/Docs ")]
    [InlineData("/Docs\t")]
    public void Refuses_trailing_slash_and_whitespace(string input)
    {
        var e = Assert.Throws<MalformedPathException>(() => DropboxPath.Normalize(input));
        Assert.Equal(input, e.Path);
    }
}
