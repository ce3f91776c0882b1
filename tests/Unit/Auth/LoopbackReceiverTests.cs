using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using PSDropbox.SignIn;

namespace PSDropbox.Tests.Unit.Auth;

public sealed class LoopbackReceiverTests
{
    private static async Task<HttpResponseMessage> BrowseAsync(string url)
    {
        using var http = new HttpClient();
        return await http.GetAsync(url);
    }

    [Fact]
    public async Task Answers_the_browser_and_returns_the_code_after_ignoring_unrelated_requests()
    {
        using var receiver = LoopbackReceiver.Start(0);
        var wait = receiver.WaitForCodeAsync("s1", CancellationToken.None);
        Assert.Equal(HttpStatusCode.NotFound, (await BrowseAsync(receiver.RedirectUri + "favicon.ico")).StatusCode);
        var page = await BrowseAsync(receiver.RedirectUri + "?code=abc%2Bdef&state=s1");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("You can close this window", await page.Content.ReadAsStringAsync());
        Assert.Equal("abc+def", await wait.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Refuses_a_redirect_with_a_wrong_state()
    {
        using var receiver = LoopbackReceiver.Start(0);
        var wait = receiver.WaitForCodeAsync("expected", CancellationToken.None);
        Assert.Equal(HttpStatusCode.BadRequest, (await BrowseAsync(receiver.RedirectUri + "?code=abc&state=forged")).StatusCode);
        var e = await Assert.ThrowsAsync<SignInException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(SignInFailure.StateMismatch, e.Reason);
    }

    [Fact]
    public async Task Reports_a_cancelled_sign_in()
    {
        using var receiver = LoopbackReceiver.Start(0);
        var wait = receiver.WaitForCodeAsync("s", CancellationToken.None);
        await BrowseAsync(receiver.RedirectUri + "?error=access_denied&error_description=no&state=s");
        var e = await Assert.ThrowsAsync<SignInException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(SignInFailure.Denied, e.Reason);
    }

    [Fact]
    public async Task Stops_at_once_when_cancelled_and_frees_the_port()
    {
        int port;
        using (var receiver = LoopbackReceiver.Start(0))
        {
            port = receiver.Port;
            using var cancel = new CancellationTokenSource();
            var wait = receiver.WaitForCodeAsync("s", cancel.Token);
            cancel.CancelAfter(200);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TimeSpan.FromSeconds(5)));
        }
        using var again = LoopbackReceiver.Start(port);
        Assert.Equal(port, again.Port);
    }

    [Fact]
    public void A_port_in_use_is_a_clear_sign_in_error()
    {
        using var receiver = LoopbackReceiver.Start(0);
        var e = Assert.Throws<SignInException>(() => LoopbackReceiver.Start(receiver.Port));
        Assert.Equal(SignInFailure.PortInUse, e.Reason);
        Assert.Contains("-Port", e.Message);
    }

    [Fact]
    public async Task Listens_on_127_0_0_1_only()
    {
        using var receiver = LoopbackReceiver.Start(0);
        var hexPort = receiver.Port.ToString("X4");
        var listening = File.ReadAllLines("/proc/net/tcp").Concat(File.ReadAllLines("/proc/net/tcp6"))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 3 && f[1].EndsWith(":" + hexPort) && f[3] == "0A")
            .Select(f => f[1])
            .ToList();
        Assert.Equal(["0100007F:" + hexPort], listening);

        var others = NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => !IPAddress.IsLoopback(a) && a.AddressFamily == AddressFamily.InterNetwork)
            .ToList();
        foreach (var address in others)
        {
            using var client = new TcpClient();
            await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(address, receiver.Port));
        }
    }
}
