using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Pipeline.Api.Data;

namespace Pipeline.Api.Tests.Infrastructure;

/// <summary>
/// Renders every statement the app runs for SQL Server and parses it with ScriptDom's <see cref="TSql160Parser"/>,
/// so the SQL Server path is syntax-checked on every test run even without a server. A statement that does not
/// parse fails the request that issued it.
/// </summary>
public sealed partial class TSqlParseCheck : ISqlObserver
{
    private static readonly SqlServerDialect SqlServer = new();
    private static readonly ConcurrentDictionary<string, string?> Parsed = new();

    /// <summary>Every distinct SQL Server statement checked so far in this test run.</summary>
    public static ICollection<string> Checked => Parsed.Keys;

    public void Observe(SqlText sql, object? args)
    {
        var text = sql(SqlServer);
        var problem = Parsed.GetOrAdd(text, Problem);
        if (problem is not null)
        {
            throw new InvalidOperationException($"The SQL Server rendering does not parse: {problem}\n{text}");
        }
    }

    /// <summary>Null when the T-SQL parses; otherwise the parser's errors.</summary>
    public static string? Problem(string sql)
    {
        // Dapper expands "IN @list" into "IN (@list1, @list2, ...)" before the server sees it.
        var expanded = ListParameter().Replace(sql, m => $"IN (@{m.Groups[1].Value}1, @{m.Groups[1].Value}2)");
        using var reader = new StringReader(expanded);
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(reader, out var errors);
        return errors.Count == 0 ? null : string.Join("; ", errors.Select(e => $"line {e.Line}: {e.Message}"));
    }

    [GeneratedRegex(@"\bIN\s+@(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex ListParameter();
}
