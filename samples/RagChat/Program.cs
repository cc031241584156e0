Console.WriteLine("RagChat: under construction.");
return 0;
