using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Pipeline.Api.Features.Auth;

/// <summary>
/// The key that signs and checks tokens. Instances that share it accept each other's tokens.
/// Never in the repository: from configuration, or generated on first start and kept under the data directory.
/// </summary>
public sealed class SigningKey
{
    public const int MinimumLength = 32;

    public SigningKey(IOptions<AuthOptions> options, DataDirectory data)
    {
        var configured = options.Value.SigningKey;
        if (!string.IsNullOrEmpty(configured))
        {
            Key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configured));
            return;
        }

        Key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(LoadOrCreate(Path.Combine(data.Path, "signing.key"))));
    }

    public SymmetricSecurityKey Key { get; }

    public SigningCredentials Credentials => new(Key, SecurityAlgorithms.HmacSha256);

    private static string LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        try
        {
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            file.Write(Encoding.UTF8.GetBytes(key));
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another instance on the same data directory created it first: use theirs.
            return File.ReadAllText(path).Trim();
        }
    }
}
