namespace Jina.VectorData.InMemory.Internal;

/// <summary>An <see cref="IAsyncEnumerable{T}"/> whose items are produced synchronously when enumeration starts.</summary>
/// <remarks>Reads complete under the store's lock without awaiting, so no async state machine is needed; deferring keeps the usual semantics of seeing the data as it is when enumerated.</remarks>
internal sealed class DeferredAsyncEnumerable<T>(Func<CancellationToken, IReadOnlyList<T>> produce, CancellationToken cancellationToken) : IAsyncEnumerable<T>
{
    private readonly CancellationToken _cancellationToken = cancellationToken;

    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        => new Enumerator(produce, cancellationToken, _cancellationToken);

    private sealed class Enumerator(Func<CancellationToken, IReadOnlyList<T>> produce, CancellationToken enumeratorToken, CancellationToken callToken) : IAsyncEnumerator<T>
    {
        private IReadOnlyList<T>? _items;
        private int _index = -1;

        public T Current => _items is not null && _index >= 0 && _index < _items.Count ? _items[_index] : default!;

        public ValueTask<bool> MoveNextAsync()
        {
            // Both the token given to the call and the one given to the enumeration (WithCancellation) cancel it.
            callToken.ThrowIfCancellationRequested();
            enumeratorToken.ThrowIfCancellationRequested();
            _items ??= produce(callToken.CanBeCanceled ? callToken : enumeratorToken);
            _index++;
            return new(_index < _items.Count);
        }

        public ValueTask DisposeAsync() => default;
    }
}
