using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Tests.Unit.Transfers.Crypt;

/// <summary>The boundary of an encrypted folder: which paths are inside it, and stored metadata turned into plaintext.</summary>
public sealed class CryptFolderTests
{
    private static readonly CryptKeys ZeroKeys = CryptKeys.FromMaterial(new byte[CryptKeys.MaterialLength]);

    [Theory]
    [InlineData("/Vault", "")]
    [InlineData("/vault/a/b.txt", "a/b.txt")]
    [InlineData("/VAULT/Docs", "Docs")]
    [InlineData("/Vaults/a", null)]
    [InlineData("/Other/Vault/a", null)]
    public void RelativeOf_IgnoresCase_AndStopsAtTheFolder(string path, string? relative)
    {
        using var folder = new CryptFolder("/Vault", ZeroKeys, CryptFilenameEncryption.Standard, true, CryptFilenameEncoding.Base32);
        Assert.Equal(relative, folder.RelativeOf(path));
    }

    [Fact]
    public void StoredMetadata_ComesBackWithPlaintextNamesAndSize()
    {
        using var folder = new CryptFolder("/Vault", ZeroKeys, CryptFilenameEncryption.Standard, true, CryptFilenameEncoding.Base32);
        var stored = folder.StoredPath("docs/1", isDirectory: false);
        Assert.EndsWith("/p0e52nreeaj0a5ea7s64m4j72s", stored, StringComparison.Ordinal); // rclone's vector for "1" under zero keys
        var file = new DropboxFile { Name = "p0e52nreeaj0a5ea7s64m4j72s", Path = stored, PathLower = stored, Size = 32 + 16 + 1, Rev = "abc123def" };

        Assert.True(folder.TryDecrypt(file, out var plain, out _));
        var plainFile = Assert.IsType<DropboxFile>(plain);
        Assert.Equal("1", plainFile.Name);
        Assert.Equal("/Vault/docs/1", plainFile.Path);
        Assert.Equal("/vault/docs/1", plainFile.PathLower);
        Assert.Equal(1, plainFile.Size);
        Assert.Equal("abc123def", plainFile.Rev);
    }

    [Theory]
    [InlineData("not-encrypted.txt", 49L)]
    [InlineData("p0e52nreeaj0a5ea7s64m4j72s", 40L)]
    public void AnUndecryptableNameOrImpossibleSize_IsReportedAndLeftAlone(string name, long size)
    {
        using var folder = new CryptFolder("/Vault", ZeroKeys, CryptFilenameEncryption.Standard, true, CryptFilenameEncoding.Base32);
        var file = new DropboxFile { Name = name, Path = "/Vault/" + name, Size = size };
        Assert.False(folder.TryDecrypt(file, out var plain, out var reason));
        Assert.Same(file, plain);
        Assert.NotEmpty(reason);
    }

    [Fact]
    public void WithNamesOff_FilesAndFoldersAreStoredUnderDifferentNames()
    {
        using var folder = new CryptFolder("/Vault", ZeroKeys, CryptFilenameEncryption.Off, true, CryptFilenameEncoding.Base32);
        Assert.True(folder.FileAndFolderNamesDiffer);
        Assert.Equal("/Vault/a/b.txt.bin", folder.StoredPath("a/b.txt", isDirectory: false));
        Assert.Equal("/Vault/a/b.txt", folder.StoredPath("a/b.txt", isDirectory: true));
    }
}
