using System.Collections.Immutable;
using ControlPlane.Policy.Reading;
using ControlPlane.Policy.Shapes;

namespace ControlPlane.Policy.Tests.Schema;

/// <summary>The field tables are data; these keep that data consistent.</summary>
public sealed class ShapeTests
{
    public static TheoryData<string, string> FieldsWithDefaults
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var shape in AllShapes())
            {
                foreach (var declared in shape.Fields.Where(f => f.Default is not null))
                {
                    data.Add(shape.Name, declared.Name);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(FieldsWithDefaults))]
    public void Defaults_are_valid_values_of_their_field(string shapeName, string fieldName)
    {
        var field = AllShapes().Single(s => s.Name == shapeName).Get(fieldName);

        var defaults = field.Default is ImmutableArray<string> list ? list.Cast<object>() : [field.Default!];
        foreach (var value in defaults)
        {
            Assert.NotNull(ScalarConverter.ConvertDefault(field, value));
            Assert.True(field.Kind != ValueKind.Enum || field.Values.Contains((string)value), $"{value} is not among {string.Join(", ", field.Values)}");
        }

        Assert.Equal(field.IsList, field.Default is ImmutableArray<string>);
    }

    [Fact]
    public void Every_group_names_declared_fields_and_object_fields_have_shapes()
    {
        foreach (var shape in AllShapes())
        {
            Assert.All(shape.ExactlyOneOf.Concat(shape.AtMostOneOf).SelectMany(g => g), name => Assert.NotNull(shape.Find(name)));
            Assert.All(shape.Fields, f => Assert.Equal(f.Kind == ValueKind.Object, f.Object is not null));
            Assert.Equal(shape.Fields.Length, shape.Fields.Select(f => f.Name).Distinct().Count());
        }
    }

    [Fact]
    public void Reading_an_undeclared_field_is_a_programming_error()
    {
        Assert.Throws<InvalidOperationException>(() => PolicyShapes.Listener.Get("colour"));
    }

    private static IEnumerable<ObjectShape> AllShapes()
    {
        var seen = new List<ObjectShape>();
        var pending = new Queue<ObjectShape>(PolicyShapes.Documents);
        while (pending.TryDequeue(out var shape))
        {
            if (!seen.Contains(shape))
            {
                seen.Add(shape);
                foreach (var nested in shape.Fields.Select(f => f.Object).OfType<ObjectShape>())
                {
                    pending.Enqueue(nested);
                }
            }
        }

        return seen;
    }
}
