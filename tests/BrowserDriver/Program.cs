using Microsoft.Playwright;

// BrowserDriver --click allow|cancel [--read-code] URL
// Opens URL in headless Chromium, clicks the button, waits for the page that follows (the redirect to the app's
// loopback listener, or the emulator's code page) and, with --read-code, prints the code shown on it.
// Never downloads a browser: it drives the system Chromium ($PSDROPBOX_CHROMIUM, else /usr/bin/chromium).
string? click = null, url = null;
var readCode = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--click" when i + 1 < args.Length: click = args[++i]; break;
        case "--read-code": readCode = true; break;
        default: url = args[i]; break;
    }
}
if (click is not ("allow" or "cancel") || url is null)
{
    Console.Error.WriteLine("usage: BrowserDriver --click allow|cancel [--read-code] URL");
    return 2;
}

var chromium = Environment.GetEnvironmentVariable("PSDROPBOX_CHROMIUM") ?? "/usr/bin/chromium";
if (!File.Exists(chromium))
{
    Console.Error.WriteLine($"Chromium is not installed at {chromium} (apt-get install -y chromium).");
    return 3;
}
var profile = Directory.CreateTempSubdirectory("psdropbox-chromium-").FullName;
try
{
    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
    {
        ExecutablePath = chromium,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        Timeout = 60_000,
    });
    var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
    page.SetDefaultTimeout(60_000);
    await page.GotoAsync(url);
    await page.ClickAsync("#" + click);
    await page.WaitForLoadStateAsync(LoadState.Load);
    if (readCode)
    {
        Console.WriteLine((await page.Locator("#code").TextContentAsync())?.Trim());
    }
    Console.Error.WriteLine($"clicked {click}; now at {page.Url}: {await page.TitleAsync()}");
    return 0;
}
catch (PlaywrightException e)
{
    Console.Error.WriteLine("BrowserDriver: " + e.Message);
    return 1;
}
finally
{
    try { Directory.Delete(profile, recursive: true); } catch (IOException) { }
}
