using PSDropbox.Transport;

namespace PSDropbox.Tests.Unit.Client;

public class DropboxEndpointsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://localhost:8080/")]
    [InlineData("http://[::1]:8080")]
    [InlineData("https://dropbox.example.com")]
    public void Accepts_https_and_loopback_http(string url)
    {
        var endpoints = DropboxEndpoints.SingleBase(new Uri(url));
        Assert.Equal(endpoints.Api, endpoints.Content);
        Assert.Equal(endpoints.Api, endpoints.Notify);
        Assert.EndsWith("/", endpoints.Api.ToString());
    }

    [Theory]
    [InlineData("http://192.168.1.10:8080")]
    [InlineData("http://example.com")]
    public void Refuses_plain_http_off_loopback(string url) =>
        Assert.Throws<InsecureEndpointException>(() => DropboxEndpoints.SingleBase(new Uri(url)));

    [Fact]
    public void Refuses_other_schemes() => Assert.Throws<ArgumentException>(() => DropboxEndpoints.SingleBase(new Uri("ftp://127.0.0.1")));
}
