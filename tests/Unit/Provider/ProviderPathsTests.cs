using PSDropbox.Client;
using PSDropbox.Provider;

namespace PSDropbox.Tests.Unit.Provider;

public class ProviderPathsTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("/", "")]
    [InlineData(@"\", "")]
    [InlineData("Documents", "/Documents")]
    [InlineData(@"Documents\Sub\a.txt", "/Documents/Sub/a.txt")]
    [InlineData("/Documents/Sub/", "/Documents/Sub")]
    [InlineData(@"\Documents\", "/Documents")]
    public void Turns_provider_paths_into_Dropbox_paths(string providerPath, string dropboxPath) =>
        Assert.Equal(dropboxPath, ProviderPaths.ToDropbox(providerPath));

    [Fact]
    public void Refuses_a_path_Dropbox_would_call_malformed() =>
        Assert.Throws<MalformedPathException>(() => ProviderPaths.ToDropbox("Documents/name "));

    [Theory]
    [InlineData("/Documents/a.txt", "Documents/a.txt")]
    [InlineData("", "")]
    public void Never_starts_a_provider_path_with_a_separator(string dropboxPath, string providerPath) =>
        Assert.Equal(providerPath, ProviderPaths.FromDropbox(dropboxPath));

    [Theory]
    [InlineData("", "Documents", "Documents")]
    [InlineData("Documents", "a.txt", "Documents/a.txt")]
    [InlineData(@"Documents\", @"Sub\a.txt", "Documents/Sub/a.txt")]
    [InlineData("Documents", "", "Documents/")]
    [InlineData("", "", "")]
    public void Joins_a_parent_and_a_child(string parent, string child, string joined) =>
        Assert.Equal(joined, ProviderPaths.Join(parent, child));

    [Theory]
    [InlineData("Documents/Sub/a.txt", null, "Documents/Sub")]
    [InlineData(@"Documents\Sub", null, "Documents")]
    [InlineData("Documents", null, "")]
    [InlineData("", null, "")]
    [InlineData("Documents/Sub", "documents/sub", "")]
    [InlineData("Documents/Sub/a.txt", "Documents/Sub", "Documents/Sub")]
    public void Finds_the_parent_and_stops_at_the_drive_root(string path, string? root, string parent) =>
        Assert.Equal(parent, ProviderPaths.Parent(path, root));

    [Theory]
    [InlineData("Documents/Sub/a.txt", "a.txt")]
    [InlineData(@"Documents\Sub\", "Sub")]
    [InlineData("Documents", "Documents")]
    [InlineData("", "")]
    public void Names_the_last_part(string path, string name) => Assert.Equal(name, ProviderPaths.ChildName(path));

    [Fact]
    public void Gives_the_provider_path_of_an_item_from_its_display_path()
    {
        Assert.Equal("Documents/Notes.txt", ProviderPaths.Of(new DropboxFile { Name = "Notes.txt", Path = "/Documents/Notes.txt", PathLower = "/documents/notes.txt" }));
        Assert.Equal("documents/notes.txt", ProviderPaths.Of(new DropboxFile { Name = "Notes.txt", PathLower = "/documents/notes.txt" }));
    }
}
