using System.Buffers;
using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Npgsql;
using Pipeline.Api.Data;
using Pipeline.Api.Hosting;

namespace Pipeline.Benchmarks;

/// <summary>
/// The floor of a read: the least any server could spend answering it — hello world's own work, plus the read's
/// statements on commands kept on one open connection (compiled once, as the statement cache does at best) read with a
/// raw reader, plus writing the same response as JSON. A request's throughput ÷ its floor's says what the app adds.
/// </summary>
public sealed class ReadFloor(string name, IReadOnlyList<Statement> statements, Func<ArrayBufferWriter<byte>, Utf8JsonWriter, int> writeJson)
{
    public string Name => name;

    public int StatementCount => statements.Count;

    /// <summary>The statements recorded from one request as the app ran it, and its response body as the app sent it.</summary>
    public static ReadFloor Of<T>(string name, IReadOnlyList<Statement> statements, byte[] body)
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiSetup.Configure(json);
        var response = JsonSerializer.Deserialize<T>(body, json)!;
        return new ReadFloor(name, statements, (buffer, writer) =>
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            JsonSerializer.Serialize(writer, response, json);
            return buffer.WrittenCount;
        });
    }

    /// <summary>Microseconds per run of the statements on kept commands, on one thread.</summary>
    public async Task<double> SqlMicrosecondsAsync(string connectionString, int runs)
    {
        await using var kept = Harness.Provider == DatabaseProvider.Sqlite ? new KeptConnections(connectionString, 5000, 1, 256) : null;
        DbConnection connection = kept is not null
            ? await kept.RentAsync(CancellationToken.None)
            : new NpgsqlConnection(DatabaseSettings.AutoPrepared(connectionString));
        try
        {
            if (kept is null)
            {
                await connection.OpenAsync();
            }

            for (var i = 0; i < Math.Max(10, runs / 4); i++)
            {
                Replay(connection);
            }

            var watch = Stopwatch.StartNew();
            for (var i = 0; i < runs; i++)
            {
                Replay(connection);
            }

            return watch.Elapsed.TotalMicroseconds / runs;
        }
        finally
        {
            if (connection is KeptConnection rented)
            {
                await kept!.ReturnAsync(rented);
            }
            else
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>Microseconds per serialisation of the response, into a buffer kept between runs.</summary>
    public double JsonMicroseconds(int runs)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using var writer = new Utf8JsonWriter(buffer);
        for (var i = 0; i < Math.Max(10, runs / 4); i++)
        {
            writeJson(buffer, writer);
        }

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++)
        {
            writeJson(buffer, writer);
        }

        return watch.Elapsed.TotalMicroseconds / runs;
    }

    // Each column read by the getter of its type, as a hand-written reader would; nothing is mapped or boxed that need not be.
    private void Replay(DbConnection connection)
    {
        foreach (var statement in statements)
        {
            using var reader = connection.ExecuteReader(statement.Sql, statement.Args);
            do
            {
                while (reader.Read())
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        if (reader.IsDBNull(i))
                        {
                            continue;
                        }

                        var type = reader.GetFieldType(i);
                        if (type == typeof(long))
                        {
                            reader.GetInt64(i);
                        }
                        else if (type == typeof(string))
                        {
                            reader.GetString(i);
                        }
                        else if (type == typeof(int))
                        {
                            reader.GetInt32(i);
                        }
                        else if (type == typeof(double))
                        {
                            reader.GetDouble(i);
                        }
                        else if (type == typeof(bool))
                        {
                            reader.GetBoolean(i);
                        }
                        else
                        {
                            reader.GetValue(i);
                        }
                    }
                }
            }
            while (reader.NextResult());
        }
    }
}

/// <summary>
/// One interleaved round of the read budgets: every rate and floor part measured back to back, <paramref name="Hello"/> the
/// rate of hello world's mean time per request in its runs before and after the round's reads.
/// </summary>
internal sealed record ReadRound(double Hello, double List, double Get, double ListNotModified, Part ListFloor, Part GetFloor)
{
    public double ListFloorRate => ListFloor.Rate(Hello);

    public double GetFloorRate => GetFloor.Rate(Hello);
}

/// <summary>A floor's own parts, in microseconds: its statements and its JSON.</summary>
internal sealed record Part(double Sql, double Json)
{
    /// <summary>Requests per second at the floor: hello world's time per request (1 ÷ its rate) plus the read's own work.</summary>
    public double Rate(double hello) => 1_000_000 / ((1_000_000 / hello) + Sql + Json);
}
