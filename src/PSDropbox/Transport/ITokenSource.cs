namespace PSDropbox.Transport;

/// <summary>
/// Supplies the bearer token. Transport owns this interface so that auth (which lives above it) can plug in
/// a refreshing implementation without Transport depending upward.
/// </summary>
public interface ITokenSource
{
    Task<string> GetAccessTokenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Called once after the server rejected <paramref name="rejectedToken"/> as expired.
    /// Returns true when a different token is now available.
    /// </summary>
    Task<bool> TryRefreshAsync(string rejectedToken, CancellationToken cancellationToken);
}

/// <summary>A fixed access token (Connect-Dropbox -AccessToken). It cannot be refreshed.</summary>
public sealed class StaticTokenSource : ITokenSource
{
    private readonly string _token;

    public StaticTokenSource(string token)
    {
        if (string.IsNullOrWhiteSpace(token)) throw new ArgumentException("The access token is empty.", nameof(token));
        _token = token.Trim();
        // A token never holds spaces or control characters; one that does would be refused, or split the Authorization header.
        if (_token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            throw new ArgumentException("The access token contains spaces or line breaks; paste it as one unbroken string.", nameof(token));
    }

    public Task<string> GetAccessTokenAsync(CancellationToken cancellationToken) => Task.FromResult(_token);

    public Task<bool> TryRefreshAsync(string rejectedToken, CancellationToken cancellationToken) => Task.FromResult(false);

    public override string ToString() => "StaticTokenSource(***)";
}
