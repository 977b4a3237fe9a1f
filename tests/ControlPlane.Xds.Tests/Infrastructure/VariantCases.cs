namespace ControlPlane.Xds.Tests.Infrastructure;

internal static class VariantCases
{
    /// <summary>Every named case once per variant, for tests that must hold for SotW and delta alike.</summary>
    public static TheoryData<XdsVariant, string> Of(IEnumerable<string> cases)
    {
        var data = new TheoryData<XdsVariant, string>();
        foreach (var variant in Enum.GetValues<XdsVariant>())
        {
            foreach (var name in cases)
            {
                data.Add(variant, name);
            }
        }

        return data;
    }
}
