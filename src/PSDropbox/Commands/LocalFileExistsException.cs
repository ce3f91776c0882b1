namespace PSDropbox.Commands;

/// <summary>The local file is already there and -Force was not given.</summary>
public sealed class LocalFileExistsException : IOException
{
    public LocalFileExistsException(string path) : base($"'{path}' already exists. Use -Force to overwrite it.") => Path = path;

    public string Path { get; }
}
