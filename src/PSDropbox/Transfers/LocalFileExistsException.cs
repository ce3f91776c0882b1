namespace PSDropbox.Transfers;

/// <summary>A download would replace an existing local file and -Force was not given.</summary>
public sealed class LocalFileExistsException : IOException
{
    public LocalFileExistsException(string path)
        : base($"The local file '{path}' already exists. Use -Force to overwrite it.") => Path = path;

    public string Path { get; }
}
