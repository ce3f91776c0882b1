using System.Text;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Tests.Unit.Transfers.Crypt;

/// <summary>The three name encodings against rclone's vectors (cipher_test.go), both ways, and the text each refuses.</summary>
public sealed class NameEncodingTests
{
    [Theory]
    [InlineData("", "", "", "")]
    [InlineData("1", "64", "MQ", "㼿")]
    [InlineData("12", "64p0", "MTI", "㻙ɟ")]
    [InlineData("123", "64p36", "MTIz", "㻙ⲿ")]
    [InlineData("1234", "64p36d0", "MTIzNA", "㻙ⲍƟ")]
    [InlineData("12345", "64p36d1l", "MTIzNDU", "㻙ⲍ⍟")]
    [InlineData("123456", "64p36d1l6o", "MTIzNDU2", "㻙ⲍ⍆ʏ")]
    [InlineData("1234567", "64p36d1l6org", "MTIzNDU2Nw", "㻙ⲍ⍆觟")]
    [InlineData("12345678", "64p36d1l6orjg", "MTIzNDU2Nzg", "㻙ⲍ⍆觓ɧ")]
    [InlineData("123456789", "64p36d1l6orjge8", "MTIzNDU2Nzg5", "㻙ⲍ⍆觓栯")]
    [InlineData("1234567890", "64p36d1l6orjge9g", "MTIzNDU2Nzg5MA", "㻙ⲍ⍆觓栩ɣ")]
    [InlineData("12345678901", "64p36d1l6orjge9g64", "MTIzNDU2Nzg5MDE", "㻙ⲍ⍆觓栩朧")]
    [InlineData("123456789012", "64p36d1l6orjge9g64p0", "MTIzNDU2Nzg5MDEy", "㻙ⲍ⍆觓栩朤ʅ")]
    [InlineData("1234567890123", "64p36d1l6orjge9g64p36", "MTIzNDU2Nzg5MDEyMw", "㻙ⲍ⍆觓栩朤談")]
    [InlineData("12345678901234", "64p36d1l6orjge9g64p36d0", "MTIzNDU2Nzg5MDEyMzQ", "㻙ⲍ⍆觓栩朤諆ɔ")]
    [InlineData("123456789012345", "64p36d1l6orjge9g64p36d1l", "MTIzNDU2Nzg5MDEyMzQ1", "㻙ⲍ⍆觓栩朤諆媕")]
    [InlineData("1234567890123456", "64p36d1l6orjge9g64p36d1l6o", "MTIzNDU2Nzg5MDEyMzQ1Ng", "㻙ⲍ⍆觓栩朤諆媕䆿")]
    public void Encodings_MatchRclonesVectors_BothWays(string plain, string base32, string base64, string base32768)
    {
        var bytes = Encoding.ASCII.GetBytes(plain);
        foreach (var (codec, text) in new[] { (NameEncoding.Base32, base32), (NameEncoding.Base64, base64), (NameEncoding.Base32768, base32768) })
        {
            Assert.Equal(text, codec.Encode(bytes));
            Assert.Equal(bytes, codec.Decode(text));
        }
        Assert.Equal(bytes, NameEncoding.Base32.Decode(base32.ToUpperInvariant()));
    }

    [Theory]
    [InlineData("base32", "64=")]
    [InlineData("base32", "!")]
    [InlineData("base32", "hello=hello")]
    [InlineData("base32", "6")]
    [InlineData("base32", "w0")]
    [InlineData("base64", "64=")]
    [InlineData("base64", "!")]
    [InlineData("base64", "Hello=Hello")]
    [InlineData("base64", "M Q")]
    [InlineData("base64", "MTIzN")]
    [InlineData("base64", "MQ+/")]
    [InlineData("base32768", "㼿c")]
    [InlineData("base32768", "!")]
    [InlineData("base32768", "㻙ⲿ=㻙ⲿ")]
    [InlineData("base32768", "ɟ㻙")] // a 7-bit character that does not end the text
    [InlineData("base32768", "😀")]
    public void TextNoEncoderWrites_IsAFormatError(string encoding, string text)
    {
        var codec = encoding switch { "base32" => NameEncoding.Base32, "base64" => NameEncoding.Base64, _ => NameEncoding.Base32768 };
        Assert.Throws<FormatException>(() => codec.Decode(text));
    }

    [Fact]
    public void RandomBytes_RoundTrip_InEveryEncoding()
    {
        var random = new Random(19);
        foreach (var codec in new[] { NameEncoding.Base32, NameEncoding.Base64, NameEncoding.Base32768 })
            for (var length = 0; length < 300; length++)
            {
                var bytes = new byte[length];
                random.NextBytes(bytes);
                Assert.Equal(bytes, codec.Decode(codec.Encode(bytes)));
            }
    }
}
