using System.Text;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Tests.Unit.Transfers.Crypt;

/// <summary>
/// Names against rclone: the vectors of rclone's cipher_test.go (all-zero keys, which rclone derives from an empty
/// password) and names rclone 1.60 itself produced with `rclone cryptdecode --reverse` for the password "potato".
/// </summary>
public sealed class NameCipherTests
{
    private const string LongName = "Ünïcødé ☃ 日本語 — a name long enough to span several EME blocks.txt";
    private static readonly CryptKeys ZeroKeys = CryptKeys.FromMaterial(new byte[CryptKeys.MaterialLength]);
    private static readonly Lazy<CryptKeys> Potato = new(() => CryptKeys.Derive(Encoding.UTF8.GetBytes("potato"), null));
    private static readonly Lazy<CryptKeys> PotatoPepper = new(() => CryptKeys.Derive(Encoding.UTF8.GetBytes("potato"), Encoding.UTF8.GetBytes("pepper")));

    private static NameCipher Standard(CryptKeys keys, CryptFilenameEncoding encoding = CryptFilenameEncoding.Base32, bool directories = true) =>
        new(keys, CryptFilenameEncryption.Standard, directories, encoding);

    [Theory]
    [InlineData(CryptFilenameEncoding.Base32, "1", "p0e52nreeaj0a5ea7s64m4j72s")]
    [InlineData(CryptFilenameEncoding.Base32, "12", "l42g6771hnv3an9cgc8cr2n1ng")]
    [InlineData(CryptFilenameEncoding.Base32, "123456789012345", "eeam3li4rnommi3a762h5n7meg")]
    [InlineData(CryptFilenameEncoding.Base32, "1234567890123456", "mijbj0frqf6ms7frcr6bd9h0env53jv96pjaaoirk7forcgpt70g")]
    [InlineData(CryptFilenameEncoding.Base64, "1", "yBxRX25ypgUVyj8MSxJnFw")]
    [InlineData(CryptFilenameEncoding.Base64, "123", "1CxFf2Mti1xIPYlGruDh-A")]
    [InlineData(CryptFilenameEncoding.Base64, "12345678901", "iEyP_3BZR6vvv_2WM6NbZw")]
    [InlineData(CryptFilenameEncoding.Base64, "1234567890123456", "tKa5gfvTzW4d-2bMtqYgdf5Rz-k2ZqViW6HfjbIZ6cE")]
    [InlineData(CryptFilenameEncoding.Base32768, "1", "詮㪗鐮僀伎作㻖㢧⪟")]
    [InlineData(CryptFilenameEncoding.Base32768, "12345", "钉Ꞇ㖃蚩憶狫朰杜㜿")]
    [InlineData(CryptFilenameEncoding.Base32768, "1234567890123456", "肳哀旚挶靏鏻㾭䱠慟㪳ꏆ賊兲铧敻塹魀ʟ")]
    public void Segments_MatchRclonesVectors_BothWays(CryptFilenameEncoding encoding, string plain, string encrypted)
    {
        using var cipher = Standard(ZeroKeys, encoding);
        Assert.Equal(encrypted, cipher.EncryptPath(plain, isDirectory: false));
        Assert.Equal(plain, cipher.DecryptName(encrypted, isDirectory: false));
    }

    [Fact]
    public void Base32Names_DecryptWhateverTheirCase()
    {
        using var cipher = Standard(ZeroKeys);
        Assert.Equal("1", cipher.DecryptName("P0E52NREEAJ0A5EA7S64M4J72S", isDirectory: false));
        Assert.Equal("1", cipher.DecryptName("p0e52nreeAJ0A5EA7S64M4J72S", isDirectory: true));
    }

    [Theory]
    [InlineData(true, "1/12/123", "p0e52nreeaj0a5ea7s64m4j72s/l42g6771hnv3an9cgc8cr2n1ng/qgm4avr35m5loi1th53ato71v0")]
    [InlineData(false, "1/12/123", "1/12/qgm4avr35m5loi1th53ato71v0")]
    [InlineData(true, "1/12-v2001-02-03-040506-123", "p0e52nreeaj0a5ea7s64m4j72s/l42g6771hnv3an9cgc8cr2n1ng-v2001-02-03-040506-123")]
    [InlineData(false, "1/12-v2001-02-03-040506-123", "1/l42g6771hnv3an9cgc8cr2n1ng-v2001-02-03-040506-123")]
    public void FilePaths_EncryptEverySegment_OrOnlyTheFileName(bool directories, string plain, string encrypted)
    {
        using var cipher = Standard(ZeroKeys, directories: directories);
        Assert.Equal(encrypted, cipher.EncryptPath(plain, isDirectory: false));
    }

    [Fact]
    public void FolderPaths_AreLeftAlone_WhenFolderNameEncryptionIsOff()
    {
        using var on = Standard(ZeroKeys);
        using var off = Standard(ZeroKeys, directories: false);
        Assert.Equal("p0e52nreeaj0a5ea7s64m4j72s/l42g6771hnv3an9cgc8cr2n1ng", on.EncryptPath("1/12", isDirectory: true));
        Assert.Equal("1/12", off.EncryptPath("1/12", isDirectory: true));
        Assert.Equal("l42g6771hnv3an9cgc8cr2n1ng", off.DecryptName("l42g6771hnv3an9cgc8cr2n1ng", isDirectory: true));
        Assert.Equal("12", off.DecryptName("l42g6771hnv3an9cgc8cr2n1ng", isDirectory: false));
    }

    [Fact]
    public void OffMode_AppendsBin_ToFilesOnly_AndRefusesOtherNames()
    {
        using var cipher = new NameCipher(ZeroKeys, CryptFilenameEncryption.Off, true, CryptFilenameEncoding.Base32);
        Assert.Equal("1/12/123.bin", cipher.EncryptPath("1/12/123", isDirectory: false));
        Assert.Equal("1/12/123", cipher.EncryptPath("1/12/123", isDirectory: true));
        Assert.Equal("123", cipher.DecryptName("123.bin", isDirectory: false));
        Assert.Equal("123.bin", cipher.DecryptName("123.bin", isDirectory: true));
        Assert.Equal("123-v2001-02-03-040506-123.txt", cipher.DecryptName("123-v2001-02-03-040506-123.txt.bin", isDirectory: false));
        Assert.False(cipher.TryDecryptName("123.bix", isDirectory: false, out _, out var reason));
        Assert.Contains(".bin", reason);
        Assert.False(cipher.TryDecryptName(".bin", isDirectory: false, out _, out _));
        Assert.False(cipher.TryDecryptName("-v2001-02-03-040506-123.bin", isDirectory: false, out _, out _));
    }

    [Theory]
    [InlineData("1/12/123/!hello", "49.6/99.23/150.890/53.!!lipps")]
    [InlineData("1/12/123/!hello-v2001-02-03-040506-123", "49.6/99.23/150.890/53-v2001-02-03-040506-123.!!lipps")]
    [InlineData("1/12/123/hello-v2001-02-03-040506-123.txt", "49.6/99.23/150.890/162.uryyB-v2001-02-03-040506-123.GKG")]
    [InlineData("\u00a1", "161.\u00e4")]
    [InlineData("\u03a0", "160.\u03c2")]
    public void Obfuscation_MatchesRclonesVectors(string plain, string obfuscated)
    {
        using var cipher = new NameCipher(ZeroKeys, CryptFilenameEncryption.Obfuscate, true, CryptFilenameEncoding.Base32);
        Assert.Equal(obfuscated, cipher.EncryptPath(plain, isDirectory: false));
        Assert.Equal(plain.Split('/').Last(), cipher.DecryptName(obfuscated.Split('/').Last(), isDirectory: false));
    }

    [Theory]
    [InlineData("!.hello", "hello")]
    [InlineData("1/12/123/!hello", null)]
    [InlineData("hello", null)]
    public void Deobfuscation_OfOddNames(string stored, string? expected)
    {
        using var cipher = new NameCipher(ZeroKeys, CryptFilenameEncryption.Obfuscate, true, CryptFilenameEncoding.Base32);
        var ok = cipher.TryDecryptName(stored, isDirectory: false, out var name, out _);
        Assert.Equal(expected is not null, ok);
        if (expected is not null) Assert.Equal(expected, name);
    }

    [Theory]
    [InlineData(CryptFilenameEncoding.Base32, "64=")]
    [InlineData(CryptFilenameEncoding.Base32, "!")]
    [InlineData(CryptFilenameEncoding.Base32, "hello=hello")]
    [InlineData(CryptFilenameEncoding.Base32, "64")] // one byte: not a whole cipher block
    [InlineData(CryptFilenameEncoding.Base64, "6H=")]
    [InlineData(CryptFilenameEncoding.Base64, "Hello=Hello")]
    [InlineData(CryptFilenameEncoding.Base64, "MQ")]
    [InlineData(CryptFilenameEncoding.Base32768, "怪=")]
    [InlineData(CryptFilenameEncoding.Base32768, "!")]
    [InlineData(CryptFilenameEncoding.Base32768, "㼿")]
    public void NamesItDidNotWrite_AreRefused_WithAReason(CryptFilenameEncoding encoding, string stored)
    {
        using var cipher = Standard(ZeroKeys, encoding);
        Assert.False(cipher.TryDecryptName(stored, isDirectory: false, out var name, out var reason));
        Assert.Equal(stored, name);
        Assert.NotEmpty(reason);
    }

    [Theory]
    [InlineData(CryptFilenameEncoding.Base32)]
    [InlineData(CryptFilenameEncoding.Base64)]
    [InlineData(CryptFilenameEncoding.Base32768)]
    public void WholeBlocksThatDoNotUnpad_OrNotWholeBlocks_AreRefused(CryptFilenameEncoding encoding)
    {
        using var cipher = Standard(ZeroKeys, encoding);
        var codec = NameEncoding.For(encoding);
        foreach (var raw in new[] { "a", "123456789abcdef", "123456789abcdef0" })
            Assert.False(cipher.TryDecryptName(codec.Encode(Encoding.ASCII.GetBytes(raw)), isDirectory: false, out _, out _), raw);
    }

    [Fact]
    public void OverlongNames_AreRefused()
    {
        using var cipher = Standard(ZeroKeys);
        Assert.False(cipher.TryDecryptName(new string('a', 3328), isDirectory: false, out _, out var reason));
        Assert.Contains("too long", reason);
    }

    [Theory]
    [InlineData(CryptFilenameEncoding.Base32, "1", "9cmn80lns8obm4t3koceogil20")]
    [InlineData(CryptFilenameEncoding.Base32, "hello world.txt", "8noet7tirlhda7n0uvsqujfn80")]
    [InlineData(CryptFilenameEncoding.Base32, LongName,
        "dehvbj8pmqoc9sf5fd2gegab9kupbkf1gak1rqpf3p33rm6olsll2jdrgo1knumfjihnmu7fi7hi9cr9ikde6rn7tr1poo611hq6ihm2pm5mc5776dfg0q6gfkg7vckk")]
    [InlineData(CryptFilenameEncoding.Base32, "report-v2024-01-02-030405-123.pdf", "6t22d6icm0p5t1urf9577rfvq8-v2024-01-02-030405-123")]
    [InlineData(CryptFilenameEncoding.Base64, "hello world.txt", "RfDun7LdYtUe4Pf5r033QA")]
    [InlineData(CryptFilenameEncoding.Base64, LongName,
        "a6P1zRm2sMTx5XtFB0FLTT2V0eGCqB3rLx5GPdjYrytRTbuGA0v6z5yje3jvkeMks2mVGuNu5-7DnGDBDHRpRsLNi2YU5zNfAGjQfSB_spQ")]
    [InlineData(CryptFilenameEncoding.Base32768, "hello world.txt", "䤸戇鲻粍佗ᕟ馾瑗䚿")]
    [InlineData(CryptFilenameEncoding.Base32768, LongName, "就ꐓ䥶酬䷯㰭⠎枫䳞诔抐僡閹拙⬻缸緵窳巐蚔蘶擒浖齏潑澌鎒砎䆷䗻⏘蜡ᰚ䂑纹编圇䌍摠輰擰䘬磿")]
    public void APassword_DerivesTheNameKeys_RcloneDerives(CryptFilenameEncoding encoding, string plain, string encrypted)
    {
        using var cipher = Standard(Potato.Value, encoding);
        Assert.Equal(encrypted, cipher.EncryptPath(plain, isDirectory: false));
        Assert.Equal(plain, cipher.DecryptName(encrypted, isDirectory: false));
    }

    [Theory]
    [InlineData("1", "joge7bn63b3kcb3v1gl4pq2l4s")]
    [InlineData(LongName,
        "7ef1hp4a0fga4rbh67va9t9qq769voq3olo62sj1pdbr6jtbh6givfqkf30rglcb9b8oc8ogjr9l98bshjhbe5utpgki79ol7g9tj82n00m0jcci08bdpmqqcb8lks71")]
    public void ASecondPassword_IsTheSalt(string plain, string encrypted)
    {
        using var cipher = Standard(PotatoPepper.Value);
        Assert.Equal(encrypted, cipher.EncryptPath(plain, isDirectory: false));
    }

    [Theory]
    [InlineData("hello world.txt", "234.olssv Dvysk.AEA")]
    [InlineData(LongName, "201.åLøA¡Bò ☠ 攂杉誻 ‱ y LyKC JMLE CLMSEF RM QNyL QCTCPyJ ckc zJMAIQ.RVR")]
    [InlineData("report-v2024-01-02-030405-123.pdf", "4.tgrqtv-v2024-01-02-030405-123.rfh")]
    [InlineData("a/b!c/Zz9", "97.u/230.e!!f/13.kK1")]
    public void Obfuscation_WithAPassword_MatchesRclone(string plain, string obfuscated)
    {
        using var cipher = new NameCipher(Potato.Value, CryptFilenameEncryption.Obfuscate, true, CryptFilenameEncoding.Base32);
        Assert.Equal(obfuscated, cipher.EncryptPath(plain, isDirectory: false));
        Assert.Equal(plain.Split('/').Last(), cipher.DecryptName(obfuscated.Split('/').Last(), isDirectory: false));
    }

    [Fact]
    public void DirectoryNameEncryptionOff_WithAPassword_MatchesRclone()
    {
        using var cipher = Standard(Potato.Value, directories: false);
        Assert.Equal("a/b/t3t7klcgnraqbt0uneriq2gncg", cipher.EncryptPath("a/b/c.txt", isDirectory: false));
    }

    [Fact]
    public void TheWrongPassword_DecryptsNoName()
    {
        using var right = Standard(Potato.Value);
        using var wrong = Standard(PotatoPepper.Value);
        var names = Enumerable.Range(0, 200).Select(i => right.EncryptPath($"file {i}.txt", isDirectory: false)).ToList();
        Assert.All(names, stored => Assert.False(wrong.TryDecryptName(stored, isDirectory: false, out _, out _)));
    }

    [Fact]
    public void RoundTrip_OfAwkwardNames_InEveryModeAndEncoding()
    {
        string[] names = ["a", ".hidden", "ends with space ", "tab\there", "!bang", "emoji 😀 𝄞", "中文名字", "x.tar.gz", "-v2001-02-03-040506-123",
            new string('z', 150)];
        foreach (var mode in Enum.GetValues<CryptFilenameEncryption>())
        foreach (var encoding in Enum.GetValues<CryptFilenameEncoding>())
        {
            using var cipher = new NameCipher(Potato.Value, mode, true, encoding);
            foreach (var name in names)
            {
                // rclone reads no file name that is only a version suffix in Off mode: nor do we (OffMode_... above).
                if (mode == CryptFilenameEncryption.Off && name.StartsWith("-v", StringComparison.Ordinal)) continue;
                Assert.Equal(name, cipher.DecryptName(cipher.EncryptPath(name, isDirectory: false), isDirectory: false));
                Assert.Equal(name, cipher.DecryptName(cipher.EncryptPath(name, isDirectory: true), isDirectory: true));
            }
        }
    }
}
