using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Jina.VectorData.InMemory.Internal;

/// <summary>Small helpers over SQLitePCL's raw API, which the store uses for records so that vectors bind and read as spans, without copies.</summary>
internal static class SqliteNative
{
    /// <summary>Throws a <see cref="SqliteException"/> carrying SQLite's message unless <paramref name="rc"/> is <c>SQLITE_OK</c>.</summary>
    public static void Check(int rc, sqlite3 database)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, database);
        }
    }

    public static void Check(int rc, sqlite3_stmt statement)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, raw.sqlite3_db_handle(statement));
        }
    }

    public static void Execute(sqlite3 database, string sql) => Check(raw.sqlite3_exec(database, sql), database);

    public static sqlite3_stmt Prepare(sqlite3 database, string sql)
    {
        Check(raw.sqlite3_prepare_v2(database, sql, out var statement), database);
        return statement;
    }

    /// <summary>Steps a statement: true for a row, false when done.</summary>
    public static bool Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, raw.sqlite3_db_handle(statement));
        }

        return false;
    }

    /// <summary>Runs a statement that returns no rows, then resets it for the next use.</summary>
    public static void Run(sqlite3_stmt statement)
    {
        try
        {
            _ = Step(statement);
        }
        finally
        {
            _ = raw.sqlite3_reset(statement);
        }
    }

    public static string ReadText(sqlite3_stmt statement, int column) => Encoding.UTF8.GetString(raw.sqlite3_column_blob(statement, column));

    /// <summary>Quotes an identifier for SQL.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
