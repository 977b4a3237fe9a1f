using ControlPlane.Ir;
using ControlPlane.Policy.Model;
using ControlPlane.Policy.Values;

namespace ControlPlane.Policy.Reading;

/// <summary>Reads one route of a Gateway, match conditions included.</summary>
internal static class RouteReader
{
    public static RouteModel Read(MappingReader route)
    {
        var match = route.Object("match");
        return new RouteModel(
            route.String("name") ?? "",
            route.Where("name"),
            [.. route.List<string>("hosts").Select(h => h.Value)],
            ReadPath(match),
            [.. match.Objects("headers").Select(ReadHeader)],
            route.String("upstream") ?? "",
            route.Where("upstream"),
            route.Duration("timeout"));
    }

    private static PathMatchIr ReadPath(MappingReader match)
    {
        // Exactly one is set unless an error was reported; the fallback only keeps reading going.
        foreach (var (field, kind) in new[] { ("path", PathMatchKind.Exact), ("prefix", PathMatchKind.Prefix), ("regex", PathMatchKind.Regex) })
        {
            if (match.Has(field))
            {
                var value = match.String(field);
                if (kind == PathMatchKind.Regex)
                {
                    CheckProgramSize(match, field, value);
                }

                return new PathMatchIr(kind, value ?? "/");
            }
        }

        return new PathMatchIr(PathMatchKind.Prefix, "/");
    }

    private static HeaderMatchIr ReadHeader(MappingReader header)
    {
        var name = header.String("name") ?? "";
        var invert = header.Boolean("invert").GetValueOrDefault();
        foreach (var (field, kind) in new[] { ("exact", HeaderMatchKind.Exact), ("prefix", HeaderMatchKind.Prefix), ("regex", HeaderMatchKind.Regex) })
        {
            if (header.Has(field))
            {
                var value = header.String(field);
                if (kind == HeaderMatchKind.Regex)
                {
                    CheckProgramSize(header, field, value);
                }

                return new HeaderMatchIr(name, kind, value ?? "", invert);
            }
        }

        if (header.Has("present") && header.Boolean("present") == false)
        {
            header.Report("present", "present must be true; to match a missing header use present: true with invert: true");
        }

        return new HeaderMatchIr(name, HeaderMatchKind.Present, "", invert);
    }

    /// <summary>Route and header regexes go to Envoy, which refuses programs above its size limit (an invalid one is already reported).</summary>
    private static void CheckProgramSize(MappingReader reader, string field, string? pattern)
    {
        if (pattern is not null && RegexRules.CheckProgramSize(pattern) is { } error)
        {
            reader.Report(field, error);
        }
    }
}
