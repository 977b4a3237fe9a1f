using System.Text.RegularExpressions;
using ControlPlane.Re2;

namespace ControlPlane.Policy.Tests.Re2;

public sealed class Re2NestingTests
{
    [Fact]
    public void The_deepest_accepted_nesting_fits_a_small_stack()
    {
        // The parser, the size estimate and the translation recurse per group: at the nesting limit they must stay
        // far from the end of even a 256 KiB stack (thread-pool threads get more), since a stack overflow kills the process.
        var pattern = new string('(', Re2Limits.MaxNesting) + "a" + new string(')', Re2Limits.MaxNesting);
        Exception? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    var node = Re2Parser.Parse(pattern);
                    _ = Re2ProgramSize.Estimate(node);
                    Assert.Matches(new Regex(Re2ToDotNet.WholeMatch(pattern), RegexOptions.NonBacktracking), "a");
                }
                catch (Exception exception)
                {
                    failure = exception;
                }
            },
            maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();

        Assert.Null(failure);
    }

    [Fact]
    public void One_level_deeper_is_a_located_error()
    {
        var pattern = new string('(', Re2Limits.MaxNesting + 1) + "a" + new string(')', Re2Limits.MaxNesting + 1);

        var error = Assert.Throws<Re2SyntaxException>(() => Re2Parser.Parse(pattern));

        Assert.Equal(Re2Limits.MaxNesting, error.Offset);
    }
}
