using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using SQLitePCL;

namespace Jina.VectorData.InMemory.Internal;

/// <summary>How values of one data type are kept in a SQLite column: the type's name in stored definitions, how a value is bound and read back.</summary>
/// <remarks>
/// Scalars use SQLite's own storage classes (TEXT, INTEGER, REAL, BLOB) so the database stays readable with any SQLite tool; arrays and
/// lists are JSON arrays in a TEXT column. Every codec is an explicit instantiation, so nothing here needs reflection (trimming and AOT).
/// </remarks>
internal abstract class SqliteValueCodec
{
    private static readonly Dictionary<Type, SqliteValueCodec> s_byType = Build();
    private static readonly Dictionary<string, SqliteValueCodec> s_byName = s_byType.Values.ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>Gets the list of supported data types, for error messages.</summary>
    public static string SupportedTypes =>
        "string, bool, byte, short, int, long, float, double, decimal, Guid, DateTime, DateTimeOffset, DateOnly, TimeOnly, TimeSpan, byte[], " +
        "their nullable forms, and arrays and List<T> of them";

    /// <summary>Gets the name the type is recorded under in a stored collection definition.</summary>
    public abstract string Name { get; }

    /// <summary>Gets the .NET type (without <see cref="Nullable{T}"/>).</summary>
    public abstract Type Type { get; }

    public static bool TryGet(Type type, [NotNullWhen(true)] out SqliteValueCodec? codec)
        => s_byType.TryGetValue(Nullable.GetUnderlyingType(type) ?? type, out codec);

    public static bool TryGet(string name, [NotNullWhen(true)] out SqliteValueCodec? codec)
        => s_byName.TryGetValue(name, out codec);

    /// <summary>Binds a non-null value to a statement parameter.</summary>
    public abstract void Bind(sqlite3_stmt statement, int index, object value);

    /// <summary>Reads a non-NULL column of the current row.</summary>
    public abstract object Read(sqlite3_stmt statement, int column);

    /// <summary>Binds a value, or NULL.</summary>
    public void BindOrNull(sqlite3_stmt statement, int index, object? value)
    {
        if (value is null)
        {
            SqliteNative.Check(raw.sqlite3_bind_null(statement, index), statement);
        }
        else
        {
            Bind(statement, index, value);
        }
    }

    /// <summary>Reads a column of the current row, or null for NULL.</summary>
    public object? ReadOrNull(sqlite3_stmt statement, int column)
        => raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL ? null : Read(statement, column);

    private static Dictionary<Type, SqliteValueCodec> Build()
    {
        var codecs = new Dictionary<Type, SqliteValueCodec>();
        AddReference(codecs, new StringElement());
        AddValue(codecs, new BoolElement());
        AddValue(codecs, new IntegerElement<byte>("byte", v => v, l => checked((byte)l)));
        AddValue(codecs, new IntegerElement<short>("short", v => v, l => checked((short)l)));
        AddValue(codecs, new IntegerElement<int>("int", v => v, l => checked((int)l)));
        AddValue(codecs, new IntegerElement<long>("long", v => v, l => l));
        AddValue(codecs, new IntegerElement<TimeSpan>("TimeSpan", v => v.Ticks, l => new TimeSpan(l)));
        AddValue(codecs, new RealElement<float>("float", v => v, d => (float)d));
        AddValue(codecs, new RealElement<double>("double", v => v, d => d));
        AddValue(codecs, new TextElement<decimal>("decimal", v => v.ToString(CultureInfo.InvariantCulture), s => decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)));
        AddValue(codecs, new TextElement<Guid>("Guid", v => v.ToString("D"), s => Guid.ParseExact(s, "D")));
        AddValue(codecs, new TextElement<DateTime>("DateTime", v => v.ToString("O", CultureInfo.InvariantCulture), s => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)));
        AddValue(codecs, new TextElement<DateTimeOffset>("DateTimeOffset", v => v.ToString("O", CultureInfo.InvariantCulture), s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)));
        AddValue(codecs, new TextElement<DateOnly>("DateOnly", v => v.ToString("O", CultureInfo.InvariantCulture), s => DateOnly.ParseExact(s, "O", CultureInfo.InvariantCulture)));
        AddValue(codecs, new TextElement<TimeOnly>("TimeOnly", v => v.ToString("O", CultureInfo.InvariantCulture), s => TimeOnly.ParseExact(s, "O", CultureInfo.InvariantCulture)));

        // byte[] is a blob, not a JSON array of numbers.
        codecs[typeof(byte[])] = new BytesCodec();
        return codecs;
    }

    private static void AddReference<T>(Dictionary<Type, SqliteValueCodec> codecs, Element<T> element)
        where T : class
    {
        codecs[typeof(T)] = new ScalarCodec<T>(element);
        codecs[typeof(T[])] = new ArrayCodec<T?>(new NullableReferenceElement<T>(element));
        codecs[typeof(List<T>)] = new ListCodec<T?>(new NullableReferenceElement<T>(element));
    }

    private static void AddValue<T>(Dictionary<Type, SqliteValueCodec> codecs, Element<T> element)
        where T : struct
    {
        codecs[typeof(T)] = new ScalarCodec<T>(element);
        codecs[typeof(T[])] = new ArrayCodec<T>(element);
        codecs[typeof(List<T>)] = new ListCodec<T>(element);
        var nullable = new NullableValueElement<T>(element);
        codecs[typeof(T?[])] = new ArrayCodec<T?>(nullable);
        codecs[typeof(List<T?>)] = new ListCodec<T?>(nullable);
    }

    /// <summary>One element type: how it is bound and read as a scalar column, and written and read as an item of a JSON array.</summary>
    private abstract class Element<T>(string name)
    {
        public string Name { get; } = name;

        public abstract void Bind(sqlite3_stmt statement, int index, T value);

        public abstract T Read(sqlite3_stmt statement, int column);

        public abstract void Write(Utf8JsonWriter writer, T value);

        public abstract T Read(ref Utf8JsonReader reader);
    }

    private sealed class StringElement() : Element<string>("string")
    {
        public override void Bind(sqlite3_stmt statement, int index, string value) => SqliteNative.Check(raw.sqlite3_bind_text16(statement, index, value.AsSpan()), statement);

        public override string Read(sqlite3_stmt statement, int column) => SqliteNative.ReadText(statement, column);

        public override void Write(Utf8JsonWriter writer, string value) => writer.WriteStringValue(value);

        public override string Read(ref Utf8JsonReader reader) => reader.GetString()!;
    }

    private sealed class BoolElement() : Element<bool>("bool")
    {
        public override void Bind(sqlite3_stmt statement, int index, bool value) => SqliteNative.Check(raw.sqlite3_bind_int64(statement, index, value ? 1 : 0), statement);

        public override bool Read(sqlite3_stmt statement, int column) => raw.sqlite3_column_int64(statement, column) != 0;

        public override void Write(Utf8JsonWriter writer, bool value) => writer.WriteBooleanValue(value);

        public override bool Read(ref Utf8JsonReader reader) => reader.GetBoolean();
    }

    private sealed class IntegerElement<T>(string name, Func<T, long> toInt64, Func<long, T> fromInt64) : Element<T>(name)
    {
        public override void Bind(sqlite3_stmt statement, int index, T value) => SqliteNative.Check(raw.sqlite3_bind_int64(statement, index, toInt64(value)), statement);

        public override T Read(sqlite3_stmt statement, int column) => fromInt64(raw.sqlite3_column_int64(statement, column));

        public override void Write(Utf8JsonWriter writer, T value) => writer.WriteNumberValue(toInt64(value));

        public override T Read(ref Utf8JsonReader reader) => fromInt64(reader.GetInt64());
    }

    // SQLite stores a NaN bound as REAL as NULL, and JSON has no NaN or infinities: those are kept as text.
    private sealed class RealElement<T>(string name, Func<T, double> toDouble, Func<double, T> fromDouble) : Element<T>(name)
    {
        public override void Bind(sqlite3_stmt statement, int index, T value)
        {
            var d = toDouble(value);
            var rc = double.IsNaN(d)
                ? raw.sqlite3_bind_text16(statement, index, "NaN".AsSpan())
                : raw.sqlite3_bind_double(statement, index, d);
            SqliteNative.Check(rc, statement);
        }

        public override T Read(sqlite3_stmt statement, int column)
            => fromDouble(raw.sqlite3_column_type(statement, column) == raw.SQLITE_TEXT
                ? double.Parse(SqliteNative.ReadText(statement, column), NumberStyles.Float, CultureInfo.InvariantCulture)
                : raw.sqlite3_column_double(statement, column));

        public override void Write(Utf8JsonWriter writer, T value)
        {
            var d = toDouble(value);
            if (double.IsFinite(d))
            {
                writer.WriteNumberValue(d);
            }
            else
            {
                writer.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
            }
        }

        public override T Read(ref Utf8JsonReader reader)
            => fromDouble(reader.TokenType == JsonTokenType.String
                ? double.Parse(reader.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
                : reader.GetDouble());
    }

    private sealed class TextElement<T>(string name, Func<T, string> format, Func<string, T> parse) : Element<T>(name)
    {
        public override void Bind(sqlite3_stmt statement, int index, T value) => SqliteNative.Check(raw.sqlite3_bind_text16(statement, index, format(value).AsSpan()), statement);

        public override T Read(sqlite3_stmt statement, int column) => parse(SqliteNative.ReadText(statement, column));

        public override void Write(Utf8JsonWriter writer, T value) => writer.WriteStringValue(format(value));

        public override T Read(ref Utf8JsonReader reader) => parse(reader.GetString()!);
    }

    private sealed class NullableValueElement<T>(Element<T> inner) : Element<T?>(inner.Name + "?")
        where T : struct
    {
        public override void Bind(sqlite3_stmt statement, int index, T? value) => inner.Bind(statement, index, value!.Value);

        public override T? Read(sqlite3_stmt statement, int column) => inner.Read(statement, column);

        public override void Write(Utf8JsonWriter writer, T? value)
        {
            if (value is { } v)
            {
                inner.Write(writer, v);
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        public override T? Read(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null ? null : inner.Read(ref reader);
    }

    private sealed class NullableReferenceElement<T>(Element<T> inner) : Element<T?>(inner.Name)
        where T : class
    {
        public override void Bind(sqlite3_stmt statement, int index, T? value) => inner.Bind(statement, index, value!);

        public override T? Read(sqlite3_stmt statement, int column) => inner.Read(statement, column);

        public override void Write(Utf8JsonWriter writer, T? value)
        {
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                inner.Write(writer, value);
            }
        }

        public override T? Read(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null ? null : inner.Read(ref reader);
    }

    private sealed class ScalarCodec<T>(Element<T> element) : SqliteValueCodec
    {
        public override string Name => element.Name;

        public override Type Type => typeof(T);

        public override void Bind(sqlite3_stmt statement, int index, object value) => element.Bind(statement, index, (T)value);

        public override object Read(sqlite3_stmt statement, int column) => element.Read(statement, column)!;
    }

    private abstract class SequenceCodec<T>(Element<T> element) : SqliteValueCodec
    {
        protected string ElementName => element.Name;

        // SQLite copies bound text (SQLITE_TRANSIENT), so one buffer per thread serves every bind.
        [ThreadStatic]
        private static ArrayBufferWriter<byte>? t_buffer;

        public override void Bind(sqlite3_stmt statement, int index, object value)
        {
            var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartArray();
                foreach (var item in Items(value))
                {
                    element.Write(writer, item);
                }

                writer.WriteEndArray();
            }

            SqliteNative.Check(raw.sqlite3_bind_text(statement, index, buffer.WrittenSpan), statement);
        }

        public override object Read(sqlite3_stmt statement, int column)
        {
            var reader = new Utf8JsonReader(raw.sqlite3_column_blob(statement, column));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                throw new InvalidDataException($"A stored {Name} value is not a JSON array.");
            }

            var items = new List<T>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                items.Add(element.Read(ref reader));
            }

            return Create(items);
        }

        protected abstract IEnumerable<T> Items(object value);

        protected abstract object Create(List<T> items);
    }

    private sealed class ArrayCodec<T>(Element<T> element) : SequenceCodec<T>(element)
    {
        public override string Name => $"{ElementName}[]";

        public override Type Type => typeof(T[]);

        protected override IEnumerable<T> Items(object value) => (T[])value;

        protected override object Create(List<T> items) => items.ToArray();
    }

    private sealed class ListCodec<T>(Element<T> element) : SequenceCodec<T>(element)
    {
        public override string Name => $"List<{ElementName}>";

        public override Type Type => typeof(List<T>);

        protected override IEnumerable<T> Items(object value) => (List<T>)value;

        protected override object Create(List<T> items) => items;
    }

    private sealed class BytesCodec : SqliteValueCodec
    {
        public override string Name => "byte[]";

        public override Type Type => typeof(byte[]);

        // An empty span would bind as NULL: a zero-length blob keeps empty and null apart.
        public override void Bind(sqlite3_stmt statement, int index, object value)
        {
            var bytes = (byte[])value;
            SqliteNative.Check(bytes.Length == 0 ? raw.sqlite3_bind_zeroblob(statement, index, 0) : raw.sqlite3_bind_blob(statement, index, bytes), statement);
        }

        public override object Read(sqlite3_stmt statement, int column) => raw.sqlite3_column_blob(statement, column).ToArray();
    }
}
