using System.Text.Json;
using System.Text.RegularExpressions;

namespace PSDropbox;

/// <summary>
/// CurrentUser profiles: one owner-only file per profile (DPAPI-encrypted on Windows) in the user's config folder,
/// e.g. ~/.config/PSDropbox/profiles/work.json. Writers hold the profile's lock file; files are replaced atomically,
/// so several processes (scheduled tasks) can refresh the same profile safely.
/// </summary>
internal sealed class TokenStore
{
    private static readonly Regex ValidName = new("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant);
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    public TokenStore(string directory) => Directory = Path.GetFullPath(directory);

    public string Directory { get; }

    /// <summary>The user's config folder: %APPDATA%\PSDropbox\profiles, or $XDG_CONFIG_HOME (~/.config)/PSDropbox/profiles.</summary>
    public static string DefaultDirectory
    {
        get
        {
            var config = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData);
            if (string.IsNullOrEmpty(config))
                throw new InvalidOperationException("There is no user config folder (HOME is not set); set $PSDropboxProfilePath to a folder for stored profiles.");
            return Path.Combine(config, "PSDropbox", "profiles");
        }
    }

    public static void CheckName(string name)
    {
        if (name is null || !ValidName.IsMatch(name))
            throw new ArgumentException($"'{name}' is not a valid profile name: use 1-64 letters, digits, '-', '_' or '.' (not first).");
    }

    public string PathOf(string name)
    {
        CheckName(name);
        return Path.Combine(Directory, name + ".json");
    }

    public StoredProfile? Read(string name)
    {
        var path = PathOf(name);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(ProfileProtector.Unprotect(bytes), SessionJson.Default.StoredProfile)
                   ?? throw new JsonException("the file holds null");
        }
        catch (Exception e) when (e is JsonException || e is System.Security.Cryptography.CryptographicException)
        {
            throw new ProfileUnreadableException($"The stored profile '{name}' ({path}) cannot be read ({e.GetType().Name}). Remove it with Disconnect-Dropbox -Name {name} and sign in again.", e);
        }
    }

    public void Write(StoredProfile profile)
    {
        profile.SavedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var json = JsonSerializer.SerializeToUtf8Bytes(profile, SessionJson.Default.StoredProfile);
        OwnerOnlyFile.WriteAtomic(PathOf(profile.Name), ProfileProtector.Protect(json));
    }

    /// <summary>Deletes the profile and its lock file. Returns false when there was no profile.</summary>
    public bool Delete(string name)
    {
        var path = PathOf(name);
        var existed = File.Exists(path);
        if (existed) File.Delete(path);
        var lockPath = LockPathOf(name);
        if (File.Exists(lockPath)) File.Delete(lockPath);
        return existed;
    }

    public IReadOnlyList<string> Names() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory, "*.json")
                .Select(f => Path.GetFileNameWithoutExtension(f))
                .Where(n => ValidName.IsMatch(n))
                .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
                .ToList()
            : Array.Empty<string>();

    /// <summary>Takes the profile's cross-process lock (an exclusively opened lock file), waiting up to 30 s.</summary>
    public async Task<IDisposable> LockAsync(string name, CancellationToken cancellationToken)
    {
        var path = LockPathOf(name);
        var deadline = DateTime.UtcNow + LockTimeout;
        var delay = 20;
        while (true)
        {
            try
            {
                return OwnerOnlyFile.OpenExclusive(path);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = Math.Min(delay * 2, 250);
            }
            catch (IOException e)
            {
                throw new TimeoutException($"The stored profile '{name}' stayed locked by another process for {LockTimeout.TotalSeconds:0} s ({path}).", e);
            }
        }
    }

    private string LockPathOf(string name) => Path.Combine(Directory, name + ".lock");
}

/// <summary>A profile in a store: where a sign-in is stored, and where its refreshed tokens are written back.</summary>
internal sealed record ProfileTarget(TokenStore Store, string Name);
