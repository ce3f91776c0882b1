using PSDropbox.Client;

namespace PSDropbox.Tests.Unit.Client;

public class ErrorSummaryTests
{
    [Theory]
    [InlineData("path/not_found/..", "path/not_found")]
    [InlineData("path/not_found/", "path/not_found")]
    [InlineData("path/malformed_path/.", "path/malformed_path")]
    [InlineData("path/conflict/file/...", "path/conflict/file")]
    [InlineData("expired_access_token/", "expired_access_token")]
    [InlineData("too_many_requests/..", "too_many_requests")]
    public void Parses_the_tag_path_and_drops_the_trailing_noise(string summary, string expected)
    {
        Assert.Equal(expected, string.Join("/", ErrorSummary.ParseTags(summary)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Empty_summaries_have_no_tags(string? summary) => Assert.Empty(ErrorSummary.ParseTags(summary));
}
