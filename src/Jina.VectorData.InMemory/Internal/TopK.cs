namespace Jina.VectorData.InMemory.Internal;

/// <summary>A bounded heap that keeps the <c>k</c> best rows of a scan; the worst kept row sits at the root.</summary>
/// <remarks>"Better" is a higher rank; equal ranks prefer the lower row so results are deterministic.</remarks>
internal sealed class TopK
{
    private readonly int _capacity;
    private readonly double[] _ranks;
    private readonly int[] _rows;
    private readonly float[] _scores;

    public TopK(int capacity)
    {
        _capacity = capacity;
        _ranks = new double[capacity];
        _rows = new int[capacity];
        _scores = new float[capacity];
    }

    public int Count { get; private set; }

    /// <summary>Offers a row with its rank (higher is better) and its reported score.</summary>
    public void Offer(int row, double rank, float score)
    {
        if (Count < _capacity)
        {
            var i = Count++;
            _ranks[i] = rank;
            _rows[i] = row;
            _scores[i] = score;
            SiftUp(i);
        }
        else if (IsWorse(_ranks[0], _rows[0], rank, row))
        {
            _ranks[0] = rank;
            _rows[0] = row;
            _scores[0] = score;
            SiftDown(0);
        }
    }

    /// <summary>Adds the content of another heap.</summary>
    public void Merge(TopK other)
    {
        for (var i = 0; i < other.Count; i++)
        {
            Offer(other._rows[i], other._ranks[i], other._scores[i]);
        }
    }

    /// <summary>Returns the kept rows, best first.</summary>
    public (int Row, float Score)[] ToSortedArray()
    {
        var order = new int[Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => IsWorse(_ranks[a], _rows[a], _ranks[b], _rows[b]) ? 1 : IsWorse(_ranks[b], _rows[b], _ranks[a], _rows[a]) ? -1 : 0);
        var result = new (int, float)[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            result[i] = (_rows[order[i]], _scores[order[i]]);
        }

        return result;
    }

    private static bool IsWorse(double rankA, int rowA, double rankB, int rowB)
        => rankA < rankB || (rankA == rankB && rowA > rowB);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!IsWorse(_ranks[i], _rows[i], _ranks[parent], _rows[parent]))
            {
                break;
            }

            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var left = (2 * i) + 1;
            if (left >= Count)
            {
                return;
            }

            var worst = left;
            var right = left + 1;
            if (right < Count && IsWorse(_ranks[right], _rows[right], _ranks[left], _rows[left]))
            {
                worst = right;
            }

            if (!IsWorse(_ranks[worst], _rows[worst], _ranks[i], _rows[i]))
            {
                return;
            }

            Swap(i, worst);
            i = worst;
        }
    }

    private void Swap(int a, int b)
    {
        (_ranks[a], _ranks[b]) = (_ranks[b], _ranks[a]);
        (_rows[a], _rows[b]) = (_rows[b], _rows[a]);
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
    }
}
