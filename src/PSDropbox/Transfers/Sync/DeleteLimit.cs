using System.Globalization;

namespace PSDropbox.Transfers.Sync;

/// <summary>
/// -MaxDelete: how many destination files one run may delete, as a count ("100") or a percentage of the destination's
/// files ("50%"). A run that plans more deletes none of them (unless forced).
/// </summary>
internal sealed class DeleteLimit
{
    public static readonly DeleteLimit Default = new(50, percent: true, "50%");

    private readonly double _value;
    private readonly bool _percent;
    private readonly string _text;

    private DeleteLimit(double value, bool percent, string text)
    {
        _value = value;
        _percent = percent;
        _text = text;
    }

    /// <exception cref="ArgumentException">Not a count or a percentage from 0 to 100.</exception>
    public static DeleteLimit Parse(string text)
    {
        var trimmed = text.Trim();
        var percent = trimmed.EndsWith("%", StringComparison.Ordinal);
        var number = percent ? trimmed.Substring(0, trimmed.Length - 1).TrimEnd() : trimmed;
        if (percent && double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var share) && share <= 100)
            return new DeleteLimit(share, percent: true, text.Trim());
        if (!percent && long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            return new DeleteLimit(count, percent: false, text.Trim());
        throw new ArgumentException($"-MaxDelete '{text}' is not a number of files (such as 100) or a percentage of the destination's files from 0% to 100% (such as 25%).");
    }

    /// <summary>The most files a run may delete from a destination of <paramref name="destinationFiles"/> files.</summary>
    public long Allowed(long destinationFiles) => _percent ? (long)Math.Floor(destinationFiles * _value / 100) : (long)_value;

    public override string ToString() => _text;
}
