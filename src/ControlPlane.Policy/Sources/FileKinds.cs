using System.Runtime.InteropServices;

namespace ControlPlane.Policy.Sources;

/// <summary>
/// Tells regular files from FIFOs, sockets and devices without opening them: opening a FIFO blocks until someone
/// writes to it, and a device may never end. .NET reports all of these as <see cref="FileAttributes.Normal"/>, so on
/// Unix we ask stat(2) through the runtime's own native shim (libSystem.Native ships with every .NET runtime; its
/// FileStatus starts with Flags then Mode, both int32, and uses the portable S_IFMT values below).
/// </summary>
internal static partial class FileKinds
{
    private const int TypeMask = 0xF000;
    private const int RegularFile = 0x8000;

    // Larger than FileStatus in any runtime version, so a layout that grew at the end cannot overrun it.
    private const int StatusBufferBytes = 512;

    /// <summary>Follows symbolic links. Null when the file cannot be examined (it vanished, no permission).</summary>
    public static bool? IsRegularFile(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            return !new FileInfo(path).Attributes.HasFlag(FileAttributes.Device);
        }

        var status = new byte[StatusBufferBytes];
        if (Stat(path, status) != 0)
        {
            return null;
        }

        var mode = BitConverter.ToInt32(status, sizeof(int));
        return (mode & TypeMask) == RegularFile;
    }

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Stat(string path, [Out] byte[] output);
}
