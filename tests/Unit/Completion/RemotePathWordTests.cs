using PSDropbox.Completion;

namespace PSDropbox.Tests.Unit.Completion;

public class RemotePathWordTests
{
    [Theory]
    [InlineData("", "", "")]
    [InlineData("/", "", "")]
    [InlineData("/Doc", "", "Doc")]
    [InlineData("Doc", "", "Doc")]
    [InlineData("/Documents/", "/Documents", "")]
    [InlineData("/Documents/re", "/Documents", "re")]
    [InlineData("'/My Fo", "", "My Fo")]
    [InlineData("'/My Folder/it''s", "/My Folder", "it's")]
    [InlineData("\"/My Folder/a`$b", "/My Folder", "a$b")]
    [InlineData("'/My Folder/'", "/My Folder", "")]
    public void Splits_the_word_into_the_folder_to_list_and_the_start_of_the_name(string typed, string folder, string prefix)
    {
        var word = RemotePathWord.Parse(typed)!;
        Assert.Equal(folder, word.Folder);
        Assert.Equal(prefix, word.Prefix);
    }

    [Theory]
    [InlineData("id:abc")]
    [InlineData("rev:0123456789")]
    [InlineData("ns:12/x")]
    [InlineData("Dropbox:/Doc")]
    [InlineData("'id:abc")]
    public void Leaves_ids_revisions_namespaces_and_drive_paths_alone(string typed) => Assert.Null(RemotePathWord.Parse(typed));

    [Theory]
    [InlineData("/Doc", "/Documents", true, "/Documents/")]
    [InlineData("/Doc", "/Documents/a.txt", false, "/Documents/a.txt")]
    [InlineData("/My", "/My Folder", true, "'/My Folder/'")]
    [InlineData("/it", "/it's", false, "'/it''s'")]
    [InlineData("/it", "/it\u2019s", false, "'/it\u2019\u2019s'")]
    [InlineData("/a", "/a$b", false, "'/a$b'")]
    [InlineData("/a", "/a(1)", false, "'/a(1)'")]
    [InlineData("'/a", "/abc", false, "'/abc'")]
    [InlineData("\"/My", "/My \"$x\"", true, "\"/My `\"`$x`\"/\"")]
    public void Writes_folders_with_a_slash_and_quotes_what_PowerShell_would_split(string typed, string path, bool isFolder, string expected) =>
        Assert.Equal(expected, RemotePathWord.Parse(typed)!.CompletionText(path, isFolder));

    [Fact]
    public void Matches_names_by_their_start_case_insensitively()
    {
        var word = RemotePathWord.Parse("/docu")!;
        Assert.True(word.Matches("Documents"));
        Assert.False(word.Matches("My Documents"));
    }
}
