namespace PSDropbox.Transport;

/// <summary>The hosts the Dropbox API v2 is spread over, or one base URL standing in for all of them.</summary>
public sealed class DropboxEndpoints
{
    public static readonly DropboxEndpoints Dropbox = new(
        new Uri("https://api.dropboxapi.com/"),
        new Uri("https://content.dropboxapi.com/"),
        new Uri("https://notify.dropboxapi.com/"),
        new Uri("https://www.dropbox.com/"));

    private DropboxEndpoints(Uri api, Uri content, Uri notify, Uri web)
    {
        Api = api;
        Content = content;
        Notify = notify;
        Web = web;
    }

    public Uri Api { get; }
    public Uri Content { get; }
    public Uri Notify { get; }
    /// <summary>Serves /oauth2/authorize.</summary>
    public Uri Web { get; }

    public bool IsDropbox => ReferenceEquals(this, Dropbox);

    /// <summary>
    /// Points every host at one base URL (the emulator, or a proxy). Plain http is refused unless the host
    /// is loopback, so a token never crosses a network in clear text.
    /// </summary>
    public static DropboxEndpoints SingleBase(Uri baseUrl)
    {
        if (baseUrl is null) throw new ArgumentNullException(nameof(baseUrl));
        if (!baseUrl.IsAbsoluteUri)
            throw new ArgumentException($"'{baseUrl}' is not an absolute URL such as https://host or http://127.0.0.1:8080.", nameof(baseUrl));
        if (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp)
            throw new ArgumentException($"'{baseUrl}' must use https (or http on a loopback address).", nameof(baseUrl));
        if (baseUrl.Scheme == Uri.UriSchemeHttp && !baseUrl.IsLoopback)
            throw new InsecureEndpointException(baseUrl);
        var text = baseUrl.GetLeftPart(UriPartial.Path);
        var root = new Uri(text.EndsWith("/", StringComparison.Ordinal) ? text : text + "/");
        return new DropboxEndpoints(root, root, root, root);
    }

    public override string ToString() => IsDropbox ? "Dropbox" : Api.GetLeftPart(UriPartial.Authority);
}

public sealed class InsecureEndpointException : ArgumentException
{
    public InsecureEndpointException(Uri endpoint)
        : base($"Refusing '{endpoint.GetLeftPart(UriPartial.Authority)}': plain http is only allowed for loopback addresses (127.0.0.1, ::1, localhost). Use https.")
    {
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }
}
