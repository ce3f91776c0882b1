namespace PSDropbox;

/// <summary>No CurrentUser profile of that name is stored.</summary>
public sealed class ProfileNotFoundException : Exception
{
    public ProfileNotFoundException(string name, string directory)
        : base($"There is no stored Dropbox profile named '{name}' (in {directory}). Get-DropboxProfile lists the stored ones; " +
               $"Connect-Dropbox -AppKey <key> -Name {name} -Scope CurrentUser stores a new one.")
    {
        Name = name;
    }

    public string Name { get; }
}

/// <summary>A stored profile that cannot be read (damaged, or encrypted for another Windows user).</summary>
public sealed class ProfileUnreadableException : IOException
{
    public ProfileUnreadableException(string message, Exception inner) : base(message, inner)
    {
    }
}
