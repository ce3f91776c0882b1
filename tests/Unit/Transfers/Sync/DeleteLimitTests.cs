using PSDropbox.Transfers.Sync;

namespace PSDropbox.Tests.Unit.Transfers.Sync;

public sealed class DeleteLimitTests
{
    [Theory]
    [InlineData("50%", 10, 5)]
    [InlineData("50%", 11, 5)]
    [InlineData("25 %", 100, 25)]
    [InlineData("0.5%", 1000, 5)]
    [InlineData("100%", 7, 7)]
    [InlineData("0%", 7, 0)]
    [InlineData("100", 7, 100)]
    [InlineData("0", 7, 0)]
    public void AllowsACountOrAShareOfTheDestinationsFiles(string text, long destinationFiles, long allowed) =>
        Assert.Equal(allowed, DeleteLimit.Parse(text).Allowed(destinationFiles));

    [Fact]
    public void DefaultsToHalfTheDestination() => Assert.Equal(5, DeleteLimit.Default.Allowed(10));

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("150%")]
    [InlineData("1.5")]
    [InlineData("ten")]
    [InlineData("%")]
    public void RefusesWhatIsNeitherWithAClearMessage(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => DeleteLimit.Parse(text));
        Assert.Contains("-MaxDelete", e.Message);
    }
}
