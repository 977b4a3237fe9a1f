using ControlPlane.Ir;
using ControlPlane.Policy.Model;

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
                return new PathMatchIr(kind, match.String(field) ?? "/");
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
                return new HeaderMatchIr(name, kind, header.String(field) ?? "", invert);
            }
        }

        if (header.Has("present") && header.Boolean("present") == false)
        {
            header.Report("present", "present must be true; to match a missing header use present: true with invert: true");
        }

        return new HeaderMatchIr(name, HeaderMatchKind.Present, "", invert);
    }
}
