using Jina.VectorData.InMemory.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace Jina.VectorData.InMemory.Tests;

/// <summary>Tests of <see cref="InMemoryVectorStoreOptions.DatabasePath"/>: what is written comes back after the store is reopened.</summary>
public sealed partial class InMemoryVectorStoreTests
{
    [Fact]
    public async Task DatabasePath_EveryDataAndVectorType_RoundTripsThroughTheFile()
    {
        using var database = new TempDatabase();
        EveryTypeRecord[] written = [FullRecord(), EmptyRecord(), SpecialValuesRecord()];
        using (var store = database.Open())
        {
            var collection = store.GetCollection<string, EveryTypeRecord>("types");
            await collection.EnsureCollectionExistsAsync();
            await collection.UpsertAsync(written);
        }

        using var reopened = database.Open();
        var read = await reopened.GetCollection<string, EveryTypeRecord>("types")
            .GetAsync(written.Select(r => r.Id), new() { IncludeVectors = true }).ToListAsync();

        Assert.Equal(written.Length, read.Count);
        foreach (var expected in written)
        {
            AssertSameRecord(expected, read.Single(r => r.Id == expected.Id));
        }
    }

    [Theory]
    [InlineData("string")]
    [InlineData("Guid")]
    [InlineData("int")]
    [InlineData("long")]
    public Task DatabasePath_EveryKeyType_RoundTripsThroughTheFile(string keyType) => keyType switch
    {
        "string" => KeyRoundTripAsync("döc/1#\"quoted\" 中文", "2"),
        "Guid" => KeyRoundTripAsync(new Guid("603840bf-cf91-4521-8b8e-8b6a2e75910a"), new Guid("ffffffff-ffff-ffff-ffff-ffffffffffff")),
        "int" => KeyRoundTripAsync(-7, int.MaxValue),
        _ => KeyRoundTripAsync(long.MinValue, long.MaxValue),
    };

    [Fact]
    public async Task DatabasePath_Reopened_SearchAndFiltersSeeTheStoredRecords()
    {
        using var database = new TempDatabase();
        using (var store = database.Open())
        {
            var hotels = store.GetCollection<int, Hotel>("hotels");
            await hotels.EnsureCollectionExistsAsync();
            await hotels.UpsertAsync([
                new Hotel { Id = 1, Name = "Alpha", Rating = 5, Tags = ["pool"], Embedding = new float[] { 1, 0, 0 } },
                new Hotel { Id = 2, Name = "Bravo", Rating = 3, Embedding = new float[] { 0, 1, 0 } },
                new Hotel { Id = 3, Name = "Charlie", Rating = 4, Embedding = new float[] { 0, 0, 1 } },
            ]);
            await hotels.UpsertAsync(new Hotel { Id = 2, Name = "Bravo renamed", Rating = 2, Embedding = new float[] { 0, 1, 1 } });
            await hotels.DeleteAsync(3);
        }

        using var reopened = database.Open();
        var collection = reopened.GetCollection<int, Hotel>("hotels");

        Assert.Equal(2, (await collection.SearchAsync(new float[] { 0, 1, 1 }, top: 1).SingleAsync()).Record.Id);
        Assert.Equal(["Alpha", "Bravo renamed"], await collection.GetAsync(h => h.Rating >= 1, top: 10).Select(h => h.Name).OrderBy(n => n).ToListAsync());
        Assert.Null(await collection.GetAsync(3));
    }

    [Fact]
    public async Task DatabasePath_CollectionsBeforeTheyAreOpened_AreListedAndCanBeDeleted()
    {
        using var database = new TempDatabase();
        using (var store = database.Open())
        {
            await store.GetCollection<int, Hotel>("kept").EnsureCollectionExistsAsync();
            await store.GetCollection<int, Hotel>("dropped").EnsureCollectionExistsAsync();
            await store.GetCollection<int, Hotel>("deleted now").EnsureCollectionExistsAsync();
            await store.EnsureCollectionDeletedAsync("deleted now");
        }

        using (var store = database.Open())
        {
            Assert.Equal(["dropped", "kept"], (await store.ListCollectionNamesAsync().ToListAsync()).Order());
            Assert.True(await store.CollectionExistsAsync("kept"));
            await store.EnsureCollectionDeletedAsync("dropped");
        }

        using var third = database.Open();
        Assert.Equal(["kept"], await third.ListCollectionNamesAsync().ToListAsync());
        Assert.False(await third.GetCollection<int, Hotel>("dropped").CollectionExistsAsync());
    }

    [Fact]
    public async Task DatabasePath_DeletedAndRecreated_StartsEmptyAndStaleHandlesFail()
    {
        using var database = new TempDatabase();
        using var store = database.Open();
        var collection = store.GetCollection<int, Hotel>("hotels");
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(new Hotel { Id = 1, Embedding = new float[] { 1, 0, 0 } });

        await collection.EnsureCollectionDeletedAsync();
        await Assert.ThrowsAsync<VectorStoreException>(() => collection.UpsertAsync(new Hotel { Id = 2, Embedding = new float[] { 1, 0, 0 } }));
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(new Hotel { Id = 3, Embedding = new float[] { 0, 1, 0 } });

        store.Dispose();
        using var reopened = database.Open();
        Assert.Equal([3], await reopened.GetCollection<int, Hotel>("hotels").GetAsync(h => true, top: 10).Select(h => h.Id).ToListAsync());
    }

    [Fact]
    public async Task DatabasePath_DynamicCollection_ReadsWhatATypedOneWrote()
    {
        using var database = new TempDatabase();
        using (var store = database.Open())
        {
            var typed = store.GetCollection<string, KeyedRecord<string>>("mixed", KeyedRecord<string>.Definition());
            await typed.EnsureCollectionExistsAsync();
            await typed.UpsertAsync(new KeyedRecord<string> { Key = "a", Number = 8, Text = "eight", Vector = new float[] { 1, 2, 3 } });
        }

        using var reopened = database.Open();
        var dynamic = reopened.GetDynamicCollection("mixed", KeyedRecord<string>.Definition());
        var record = await dynamic.GetAsync("a", new() { IncludeVectors = true });

        Assert.Equal(8, record!["Number"]);
        Assert.Equal("eight", record["Text"]);
        Assert.Equal([1f, 2f, 3f], ((ReadOnlyMemory<float>)record["Vector"]!).ToArray());
    }

    [Theory]
    [InlineData("dimensions", "holds 3 dimensions, not 4")]
    [InlineData("type", "its data property 'Number' is of type 'Int32', not 'String'")]
    [InlineData("extra", "it has no data property 'Extra'")]
    public async Task DatabasePath_ReopenedWithAnotherDefinition_FailsNamingTheDifference(string change, string expected)
    {
        using var database = new TempDatabase();
        using (var store = database.Open())
        {
            var collection = store.GetCollection<string, KeyedRecord<string>>("docs", KeyedRecord<string>.Definition());
            await collection.EnsureCollectionExistsAsync();
            await collection.UpsertAsync(new KeyedRecord<string> { Key = "a", Number = 1, Vector = new float[] { 1, 2, 3 } });
        }

        var definition = KeyedRecord<string>.Definition(dimensions: change == "dimensions" ? 4 : 3);
        if (change == "type")
        {
            definition.Properties[1] = new VectorStoreDataProperty("Number", typeof(string));
        }
        else if (change == "extra")
        {
            definition.Properties.Add(new VectorStoreDataProperty("Extra", typeof(string)));
        }

        using var reopened = database.Open();
        var dynamic = reopened.GetDynamicCollection("docs", definition);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => dynamic.GetAsync("a"));

        Assert.Contains($"Collection 'docs' in the database '{database.Path}' was created with a different definition", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatabasePath_SecondStoreOnTheSameFile_IsRefusedUntilTheFirstIsDisposed()
    {
        using var database = new TempDatabase();
        var first = database.Open();
        await first.GetCollection<int, Hotel>("hotels").EnsureCollectionExistsAsync();

        var error = Assert.Throws<InvalidOperationException>(() => database.Open());
        Assert.Contains("is in use by another store", error.Message, StringComparison.Ordinal);
        Assert.Contains(database.Path, error.Message, StringComparison.Ordinal);

        first.Dispose();
        using var second = database.Open();
        Assert.True(await second.CollectionExistsAsync("hotels"));
    }

    [Fact]
    public async Task DatabasePath_FileOfAnotherFormatVersion_FailsWithTheVersions()
    {
        using var database = new TempDatabase();
        using (var store = database.Open())
        {
            await store.GetCollection<int, Hotel>("hotels").EnsureCollectionExistsAsync();
        }

        Execute(database.Path, "PRAGMA user_version=2");

        var error = Assert.Throws<InvalidOperationException>(() => database.Open());
        Assert.Contains("was written in format 2 by a newer version of Jina.VectorData.InMemory; this version reads format 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DatabasePath_SqliteFileOfAnotherApplication_IsRefusedUntouched()
    {
        using var database = new TempDatabase();
        Execute(database.Path, "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine')");

        var error = Assert.Throws<InvalidOperationException>(() => database.Open());

        Assert.Contains("is a SQLite database of another application", error.Message, StringComparison.Ordinal);
        Assert.Equal("mine", Scalar(database.Path, "SELECT text FROM notes"));
    }

    [Fact]
    public void DatabasePath_FileThatIsNotADatabase_IsRefused()
    {
        using var database = new TempDatabase();
        File.WriteAllText(database.Path, "These are my notes, not a database. They are long enough to fill a SQLite header and more, much more than one hundred bytes.");

        var error = Assert.Throws<InvalidOperationException>(() => database.Open());

        Assert.Contains("is not a SQLite database", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatabasePath_UnsupportedDataType_IsRefusedWhenTheCollectionIsCreated()
    {
        using var database = new TempDatabase();
        using var store = database.Open();
        var definition = new VectorStoreCollectionDefinition
        {
            Properties = [new VectorStoreKeyProperty("Key", typeof(string)), new VectorStoreDataProperty("When", typeof(Uri))],
        };

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => store.GetDynamicCollection("links", definition).EnsureCollectionExistsAsync());

        Assert.Contains("Data property 'When' of collection 'links' is of type 'Uri'", error.Message, StringComparison.Ordinal);
        Assert.False(await store.CollectionExistsAsync("links"));
    }

    [Fact]
    public async Task DatabasePath_CallTheDatabaseRefuses_ChangesNeitherTheFileNorMemory()
    {
        using var database = new TempDatabase();
        using (var store = database.Open())
        {
            var collection = store.GetCollection<string, KeyedRecord<string>>("docs", KeyedRecord<string>.Definition());
            await collection.EnsureCollectionExistsAsync();
            await collection.UpsertAsync(new KeyedRecord<string> { Key = "kept", Number = 1, Vector = new float[] { 1, 2, 3 } });
        }

        // A trigger that fails the write of one record stands in for a full disk or an I/O error in the middle of a call.
        Execute(database.Path, "CREATE TRIGGER poison BEFORE INSERT ON jina_records_1 WHEN NEW.k = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned record'); END");
        using (var store = database.Open())
        {
            var collection = store.GetCollection<string, KeyedRecord<string>>("docs", KeyedRecord<string>.Definition());
            KeyedRecord<string>[] batch =
            [
                new() { Key = "kept", Number = 2, Vector = new float[] { 3, 2, 1 } },
                new() { Key = "new", Number = 3, Vector = new float[] { 1, 1, 1 } },
                new() { Key = "poison", Number = 4, Vector = new float[] { 1, 1, 1 } },
            ];

            var error = await Assert.ThrowsAsync<VectorStoreException>(() => collection.UpsertAsync(batch));
            Assert.Contains("nothing of this call was written", error.Message, StringComparison.Ordinal);
            Assert.Contains("poisoned record", error.Message, StringComparison.Ordinal);
            Assert.Equal(1, (await collection.GetAsync("kept"))!.Number);
            Assert.Null(await collection.GetAsync("new"));

            // The store stays usable.
            await collection.UpsertAsync(batch[1]);
        }

        using var reopened = database.Open();
        var docs = reopened.GetCollection<string, KeyedRecord<string>>("docs", KeyedRecord<string>.Definition());
        Assert.Equal([("kept", 1), ("new", 3)], await docs.GetAsync(r => true, top: 10).Select(r => (r.Key, r.Number)).OrderBy(r => r.Key).ToListAsync());
    }

    [Fact]
    public async Task DatabasePath_TextsRepeatedFromRowToRow_ReadBackAsWritten()
    {
        using var database = new TempDatabase();
        string?[] texts = ["model", "model", "other", "model", "", "", null, "model", "mod", "modeL"];
        using (var store = database.Open())
        {
            var collection = store.GetCollection<int, KeyedRecord<int>>("texts", KeyedRecord<int>.Definition());
            await collection.EnsureCollectionExistsAsync();
            await collection.UpsertAsync(texts.Select((t, i) => new KeyedRecord<int> { Key = i, Text = t, Vector = new float[] { 1, i, 0 } }));
        }

        using var reopened = database.Open();
        var read = await reopened.GetCollection<int, KeyedRecord<int>>("texts", KeyedRecord<int>.Definition())
            .GetAsync(Enumerable.Range(0, texts.Length)).ToListAsync();

        Assert.Equal(texts, read.OrderBy(r => r.Key).Select(r => r.Text));
    }

    [Fact]
    public async Task DatabasePath_Reopened_HybridSearchIndexesTheLoadedTextsAndLaterWrites()
    {
        using var database = new TempDatabase();
        using (var store = database.Open())
        {
            var notes = store.GetCollection<int, Note>("notes");
            await notes.EnsureCollectionExistsAsync();
            await notes.UpsertAsync([
                new Note { Id = 1, Text = "The hilt is made of durasteel", Vector = new float[] { 1, 0, 0 } },
                new Note { Id = 2, Text = "The kyber crystal is the heart of the saber", Vector = new float[] { 0, 1, 0 } },
            ]);
        }

        using var reopened = database.Open();
        var collection = (InMemoryCollection<int, Note>)reopened.GetCollection<int, Note>("notes");
        // Every record is as close to the query vector as the others: the keywords decide.
        float[] neutral = [1, 1, 1];
        var loaded = await collection.HybridSearchAsync(neutral, ["kyber"], top: 1).SingleAsync();
        await collection.UpsertAsync(new Note { Id = 3, Text = "Beskar armour resists a blade", Vector = new float[] { 0, 0, 1 } });
        var written = await collection.HybridSearchAsync(neutral, ["beskar"], top: 1).SingleAsync();

        Assert.Equal(2, loaded.Record.Id);
        Assert.Equal(3, written.Record.Id);
    }

    [Fact]
    public async Task DatabasePath_ConcurrentWriters_AllTheirCallsAreKept()
    {
        using var database = new TempDatabase();
        using (var store = database.Open())
        {
            var collection = store.GetCollection<int, Hotel>("hotels");
            await collection.EnsureCollectionExistsAsync();
            await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
            {
                for (var call = 0; call < 10; call++)
                {
                    var first = (writer * 1_000) + (call * 10);
                    await collection.UpsertAsync(Enumerable.Range(first, 10).Select(id => new Hotel { Id = id, Rating = writer, Embedding = new float[] { 1, id, 0 } }));
                    await collection.DeleteAsync(first);
                }
            })));
        }

        using var reopened = database.Open();
        var hotels = await reopened.GetCollection<int, Hotel>("hotels").GetAsync(h => true, top: 1_000).ToListAsync();

        Assert.Equal(8 * 10 * 9, hotels.Count);
        Assert.All(hotels, h => Assert.Equal(h.Id / 1_000, h.Rating));
        Assert.DoesNotContain(hotels, h => h.Id % 10 == 0);
    }

    [Fact]
    public async Task DatabasePath_DisposedStore_RefusesFurtherUse()
    {
        using var database = new TempDatabase();
        var store = database.Open();
        var collection = store.GetCollection<int, Hotel>("hotels");
        await collection.EnsureCollectionExistsAsync();

        store.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => collection.UpsertAsync(new Hotel { Id = 1, Embedding = new float[] { 1, 0, 0 } }));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.CollectionExistsAsync("hotels"));
    }

    [Fact]
    public async Task DatabasePath_WithoutOne_WritesNoFile()
    {
        using var database = new TempDatabase();
        using var store = new InMemoryVectorStore();
        var collection = store.GetCollection<int, Hotel>("hotels");
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(new Hotel { Id = 1, Embedding = new float[] { 1, 0, 0 } });

        Assert.Empty(Directory.EnumerateFileSystemEntries(database.Folder));
    }

    private static async Task KeyRoundTripAsync<TKey>(TKey first, TKey second)
        where TKey : notnull
    {
        using var database = new TempDatabase();
        using (var store = database.Open())
        {
            var collection = store.GetCollection<TKey, KeyedRecord<TKey>>("keys", KeyedRecord<TKey>.Definition());
            await collection.EnsureCollectionExistsAsync();
            await collection.UpsertAsync([
                new KeyedRecord<TKey> { Key = first, Number = 1, Text = "first", Vector = new float[] { 1, 0, 0 } },
                new KeyedRecord<TKey> { Key = second, Number = 2, Vector = new float[] { 0, 1, 0 } },
            ]);
        }

        using var reopened = database.Open();
        var keys = reopened.GetCollection<TKey, KeyedRecord<TKey>>("keys", KeyedRecord<TKey>.Definition());
        var one = await keys.GetAsync(first, new() { IncludeVectors = true });
        Assert.Equal((first, 1, "first"), (one!.Key, one.Number, one.Text));
        Assert.Equal([1f, 0f, 0f], one.Vector.ToArray());
        Assert.Equal(second, (await keys.SearchAsync(new float[] { 0, 1, 0 }, top: 1).SingleAsync()).Record.Key);
        await keys.DeleteAsync(first);
        Assert.Null(await keys.GetAsync(first));
    }

    private static EveryTypeRecord FullRecord() => new()
    {
        Id = "full",
        Text = "Grüße, 你好 👋 \"quoted\" 'single' \0 nul",
        Flag = true,
        Byte = 255,
        Short = short.MinValue,
        Int = int.MinValue,
        Long = long.MaxValue,
        Float = 3.14159274f,
        Double = Math.PI,
        Decimal = 79228162514264337593543950335m,
        Guid = new Guid("1b1d4f16-03a5-4e10-9e33-1f2b4a39a2a1"),
        DateTime = new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc).AddTicks(1234567),
        DateTimeOffset = new DateTimeOffset(2025, 3, 1, 8, 30, 0, TimeSpan.FromHours(5.5)).AddTicks(9),
        DateOnly = new DateOnly(1, 1, 1),
        TimeOnly = new TimeOnly(23, 59, 59, 999).Add(TimeSpan.FromTicks(9999)),
        TimeSpan = TimeSpan.FromDays(-3.25),
        Bytes = [0, 1, 254, 255],
        NullableInt = 42,
        NullableDouble = -0.5,
        NullableDateTimeOffset = DateTimeOffset.UnixEpoch,
        Tags = ["pool", "spa", "中文", ""],
        Numbers = [1, -2, int.MaxValue],
        Doubles = [0.1, 1e300, -1e-300],
        Sparse = [1, null, 3],
        Names = ["a", "b"],
        Guids = [Guid.Empty, new Guid("603840bf-cf91-4521-8b8e-8b6a2e75910a")],
        Dates = [new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Local), new DateTime(2020, 1, 1, 12, 0, 0, DateTimeKind.Unspecified)],
        Amounts = [1.50m, null, -0.001m],
        Embedding = new float[] { 1, 2, 3, 4 },
        Small = [0.5f, -0.5f],
        Other = new Embedding<float>(new float[] { 3, 2, 1 }),
    };

    // Nulls and empties stay what they were: a null array is not an empty one.
    private static EveryTypeRecord EmptyRecord() => new()
    {
        Id = "empty",
        Text = "",
        Bytes = [],
        Tags = [],
        Numbers = null,
        Names = [],
        Embedding = new float[] { 0, 0, 0, 1 },
    };

    private static EveryTypeRecord SpecialValuesRecord() => new()
    {
        Id = "special",
        Text = null,
        Float = float.NaN,
        Double = double.NegativeInfinity,
        NullableDouble = double.NaN,
        Decimal = -0.000001m,
        DateTime = DateTime.MaxValue,
        DateTimeOffset = DateTimeOffset.MinValue,
        Doubles = [double.NaN, double.PositiveInfinity, -0.0],
        Tags = [null!, "after null"],
        Embedding = new float[] { float.Epsilon, float.MaxValue, -float.MaxValue, 1 },
        Small = null,
        Other = null,
    };

    private static void AssertSameRecord(EveryTypeRecord expected, EveryTypeRecord actual)
    {
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.Flag, actual.Flag);
        Assert.Equal(expected.Byte, actual.Byte);
        Assert.Equal(expected.Short, actual.Short);
        Assert.Equal(expected.Int, actual.Int);
        Assert.Equal(expected.Long, actual.Long);
        Assert.Equal(expected.Float, actual.Float);
        Assert.Equal(expected.Double, actual.Double);
        Assert.Equal(expected.Decimal, actual.Decimal);
        Assert.Equal(expected.Decimal.Scale, actual.Decimal.Scale);
        Assert.Equal(expected.Guid, actual.Guid);
        Assert.Equal((expected.DateTime, expected.DateTime.Kind), (actual.DateTime, actual.DateTime.Kind));
        Assert.Equal((expected.DateTimeOffset, expected.DateTimeOffset.Offset), (actual.DateTimeOffset, actual.DateTimeOffset.Offset));
        Assert.Equal(expected.DateOnly, actual.DateOnly);
        Assert.Equal(expected.TimeOnly, actual.TimeOnly);
        Assert.Equal(expected.TimeSpan, actual.TimeSpan);
        Assert.Equal(expected.Bytes, actual.Bytes);
        Assert.Equal(expected.NullableInt, actual.NullableInt);
        Assert.Equal(expected.NullableDouble, actual.NullableDouble);
        Assert.Equal(expected.NullableDateTimeOffset, actual.NullableDateTimeOffset);
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected.Numbers, actual.Numbers);
        Assert.Equal(expected.Doubles, actual.Doubles);
        Assert.Equal(expected.Sparse, actual.Sparse);
        Assert.Equal(expected.Names, actual.Names);
        Assert.Equal(expected.Guids, actual.Guids);
        Assert.Equal(expected.Dates?.Select(d => (d, d.Kind)), actual.Dates?.Select(d => (d, d.Kind)));
        Assert.Equal(expected.Amounts, actual.Amounts);
        Assert.Equal(expected.Amounts?.Select(a => a?.Scale), actual.Amounts?.Select(a => a?.Scale));
        Assert.Equal(expected.Embedding.ToArray(), actual.Embedding.ToArray());
        Assert.Equal(expected.Small, actual.Small);
        Assert.Equal(expected.Other?.Vector.ToArray(), actual.Other?.Vector.ToArray());
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
