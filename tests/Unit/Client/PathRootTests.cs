using PSDropbox.Client;

namespace PSDropbox.Tests.Unit.Client;

public class PathRootTests
{
    [Theory]
    [InlineData("home", "Home")]
    [InlineData(" ROOT ", "Root")]
    [InlineData("1234567890", "1234567890")]
    public void Reads_Home_Root_and_namespace_ids(string text, string expected) => Assert.Equal(expected, PathRoot.Normalize(text));

    [Theory]
    [InlineData("banana")]
    [InlineData("ns:123")]
    [InlineData("12-34")]
    [InlineData("")]
    [InlineData("not a root!")]
    public void Refuses_anything_else_saying_what_is_accepted(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => PathRoot.Normalize(text));
        Assert.Contains($"'{text}' is not a path root", e.Message);
        Assert.Contains("Home, Root or a namespace id", e.Message);
    }
}
