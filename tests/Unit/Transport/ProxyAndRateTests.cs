using System.Diagnostics;
using System.Net;
using PSDropbox.Transport;

namespace PSDropbox.Tests.Unit.Transport;

/// <summary>The proxy the environment names (HTTPS_PROXY, http_proxy, ALL_PROXY, NO_PROXY) and the transfer-rate bucket.</summary>
public sealed class ProxyAndRateTests
{
    private static EnvironmentProxy? From(params (string Name, string Value)[] variables) =>
        EnvironmentProxy.FromEnvironment(name => variables.FirstOrDefault(v => v.Name == name).Value);

    [Fact]
    public void No_proxy_variable_means_no_environment_proxy() => Assert.Null(From(("NO_PROXY", "example.com")));

    [Fact]
    public void Https_and_http_addresses_take_their_own_variable_and_all_proxy_fills_in()
    {
        var proxy = From(("HTTPS_PROXY", "http://secure:3128"), ("ALL_PROXY", "other:8080"))!;
        Assert.Equal(new Uri("http://secure:3128/"), proxy.GetProxy(new Uri("https://api.dropboxapi.com/2/x")));
        Assert.Equal(new Uri("http://other:8080/"), proxy.GetProxy(new Uri("http://127.0.0.1:5000/2/x")));
        // Only the lower-case http_proxy counts (a CGI server sets HTTP_PROXY from a request header).
        Assert.Null(From(("HTTP_PROXY", "http://cgi:1"))?.GetProxy(new Uri("http://example.com/")));
        Assert.Equal(new Uri("http://plain:1/"), From(("http_proxy", "http://plain:1"))!.GetProxy(new Uri("http://example.com/")));
    }

    [Theory]
    [InlineData("*", "https://api.dropboxapi.com/", true)]
    [InlineData("dropboxapi.com", "https://api.dropboxapi.com/", true)]
    [InlineData(".dropboxapi.com", "https://content.dropboxapi.com/", true)]
    [InlineData("dropbox.com", "https://api.dropboxapi.com/", false)]
    [InlineData("127.0.0.1", "https://127.0.0.1:8443/", true)]
    [InlineData("127.0.0.1:9000", "https://127.0.0.1:8443/", false)]
    [InlineData("localhost, 127.0.0.1:8443", "https://127.0.0.1:8443/", true)]
    [InlineData("::1", "https://[::1]:8443/", true)]
    [InlineData("[::1]:8443", "https://[::1]:8443/", true)]
    public void No_proxy_lists_hosts_domains_and_ports_that_go_direct(string noProxy, string url, bool direct)
    {
        var proxy = From(("HTTPS_PROXY", "proxy:3128"), ("NO_PROXY", noProxy))!;
        Assert.Equal(direct, proxy.IsBypassed(new Uri(url)));
        Assert.Equal(direct, proxy.GetProxy(new Uri(url)) is null);
    }

    [Fact]
    public void Credentials_in_the_proxy_address_are_used()
    {
        var credential = (NetworkCredential)From(("HTTPS_PROXY", "http://me%40corp:p%3Ass@proxy:3128"))!.Credentials!;
        Assert.Equal("me@corp", credential.UserName);
        Assert.Equal("p:ss", credential.Password);
    }

    [Fact]
    public async Task The_rate_bucket_holds_transfers_to_the_rate_after_its_burst()
    {
        var limiter = new TransferRateLimiter(400_000);
        Assert.Equal(64 * 1024, limiter.Slice);
        var watch = Stopwatch.StartNew();
        for (var sent = 0; sent < 800_000; sent += 40_000) await limiter.TakeAsync(40_000, CancellationToken.None);
        watch.Stop();
        // 800 kB at 400 kB/s after a one-second burst: at least 1 s (only a lower bound: a busy machine is slower).
        Assert.True(watch.Elapsed.TotalSeconds >= 0.95, $"{watch.Elapsed.TotalSeconds:0.000} s");
        Assert.Equal(1024, new TransferRateLimiter(100).Slice);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransferRateLimiter(0));
    }
}
