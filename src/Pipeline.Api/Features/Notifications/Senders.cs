using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Pipeline.Api.Features.Notifications;

/// <summary>
/// Posts to a webhook: WeCom (企业微信) and DingTalk (钉钉) group robots take a text message and answer
/// <c>{"errcode":0}</c>; any other URL gets the notification as plain JSON and must answer 2xx.
/// </summary>
public sealed class WebhookSender(HttpClient http)
{
    public static readonly string[] Kinds = ["wecom", "dingtalk", "json"];

    /// <summary>Whether <paramref name="url"/> is an https address on one of <paramref name="hosts"/> (exactly, any case).</summary>
    public static bool IsAllowed(string url, IReadOnlyCollection<string> hosts) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && string.IsNullOrEmpty(uri.UserInfo)
        && hosts.Contains(uri.IdnHost, StringComparer.OrdinalIgnoreCase);

    public async Task SendAsync(string url, string? kind, string title, string body, object details, CancellationToken ct)
    {
        var robot = kind is "wecom" or "dingtalk";
        object payload = robot ? new { msgtype = "text", text = new { content = $"{title}\n{body}" } } : new { title, body, details };
        using var response = await http.PostAsJsonAsync(url, payload, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The webhook answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }

        if (robot)
        {
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            if (answer.TryGetProperty("errcode", out var code) && code.GetInt32() != 0)
            {
                throw new HttpRequestException($"The robot refused the message: errcode {code.GetInt32()} {(answer.TryGetProperty("errmsg", out var m) ? m.GetString() : "")}");
            }
        }
    }
}

/// <summary><c>Pipeline:Webhooks</c>: where notifications may be posted, so that a webhook URL cannot reach anywhere else.</summary>
public sealed class WebhookOptions : Hosting.ISettings
{
    public static string Section => "Pipeline:Webhooks";

    /// <summary>Hosts a webhook URL may name (https only): the WeCom and DingTalk group robots by default.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>The configured hosts, or the two robot hosts when none are configured.</summary>
    public IReadOnlyCollection<string> Hosts => AllowedHosts.Count > 0 ? AllowedHosts : ["qyapi.weixin.qq.com", "oapi.dingtalk.com"];

    public IEnumerable<string> Problems() =>
        AllowedHosts.Where(h => Uri.CheckHostName(h) == UriHostNameType.Unknown).Select(h => $"{Section}:AllowedHosts has '{h}', which is not a host name.");
}

/// <summary><c>Pipeline:Email</c>: the SMTP server for email notifications; email is off while <c>Host</c> is empty.</summary>
public sealed class EmailOptions : Hosting.ISettings
{
    public static string Section => "Pipeline:Email";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary><c>Auto</c>, <c>None</c>, <c>StartTls</c> or <c>SslOnConnect</c>.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "pipeline@localhost";

    public string FromName { get; set; } = "招商项目管理系统";

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public IEnumerable<string> Problems()
    {
        if (Port is < 1 or > 65535)
        {
            yield return $"{Section}:Port must be a TCP port, 1 to 65535 (it is {Port}).";
        }

        if (Enabled && !From.Contains('@', StringComparison.Ordinal))
        {
            yield return $"{Section}:From must be an email address (it is '{From}').";
        }
    }
}

public sealed class EmailSender(IOptions<EmailOptions> options)
{
    public async Task SendAsync(string to, string toName, string subject, string body, CancellationToken ct)
    {
        var settings = options.Value;
        var message = new MimeMessage
        {
            Subject = subject,
            Body = new TextPart("plain") { Text = body },
        };
        message.From.Add(new MailboxAddress(settings.FromName, settings.From));
        message.To.Add(new MailboxAddress(toName, to));

        using var client = new SmtpClient();
        await client.ConnectAsync(settings.Host ?? throw new InvalidOperationException("Pipeline:Email:Host is not set."), settings.Port, settings.Security, ct);
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}
