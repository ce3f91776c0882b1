using PSDropbox.Transfers;

namespace PSDropbox.Tests.Unit.Transfers;

public sealed class LocalNamesTests
{
    [Theory]
    [InlineData("report.txt", "report.txt")]
    [InlineData("a:b.txt", "a_b.txt")]
    [InlineData("back\\slash", "back_slash")]
    [InlineData("tab\there", "tab_here")]
    [InlineData("q?*<>|\".txt", "q______.txt")]
    [InlineData("CON", "_CON")]
    [InlineData("nul.txt", "_nul.txt")]
    [InlineData("com1.tar.gz", "_com1.tar.gz")]
    [InlineData("CONSOLE.txt", "CONSOLE.txt")]
    [InlineData("trailing. ", "trailing__")]
    [InlineData("😀 café", "😀 café")]
    public void MakeSafe(string name, string expected) => Assert.Equal(expected, LocalNames.MakeSafe(name));

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    public void MakeSafe_RefusesNamesOfTheFolderItself(string name) => Assert.Throws<UnsafeLocalNameException>(() => LocalNames.MakeSafe(name));

    [Fact]
    public void Under_StaysInsideTheRoot()
    {
        var root = Path.Combine(Path.GetTempPath(), "root");
        Assert.Equal(Path.Combine(root, "a", "b_c"), LocalNames.Under(root, ["a", "b/c"]));
        Assert.Throws<UnsafeLocalNameException>(() => LocalNames.Under(root, ["a", ".."]));
    }
}
