using PSDropbox.Transport;

namespace PSDropbox.Tests.Unit.Client;

public class ApiArgEncoderTests
{
    [Fact]
    public void Escapes_the_reference_vector_of_the_json_encoding_guide()
    {
        var escaped = ApiArgEncoder.EscapeForHeader("{\"field\": \"some_üñîcødé_and_\x7f\"}");
        Assert.Equal("{\"field\": \"some_\\u00fc\\u00f1\\u00eec\\u00f8d\\u00e9_and_\\u007f\"}", escaped);
    }

    [Fact]
    public void Escapes_characters_above_the_basic_plane_as_surrogate_pairs()
    {
        Assert.Equal("{\"path\":\"/\\ud83d\\ude00.txt\"}", ApiArgEncoder.EscapeForHeader("{\"path\":\"/😀.txt\"}"));
    }

    [Fact]
    public void Leaves_plain_ascii_untouched()
    {
        const string json = "{\"path\":\"/a b/c~d.txt\",\"mode\":\"add\"}";
        Assert.Same(json, ApiArgEncoder.EscapeForHeader(json));
    }

    [Fact]
    public void Result_is_valid_json_that_reads_back_to_the_original_text()
    {
        var original = "{\"path\":\"/Ünïcödé/ファイル/😀\u007f\"}";
        using var doc = System.Text.Json.JsonDocument.Parse(ApiArgEncoder.EscapeForHeader(original));
        Assert.Equal("/Ünïcödé/ファイル/😀\u007f", doc.RootElement.GetProperty("path").GetString());
        Assert.All(ApiArgEncoder.EscapeForHeader(original), c => Assert.True(c < 0x7F));
    }
}
