"""Reading tables: ARFF, CSV, TSV and Parquet files into typed DataFrames (``reader``), the
column kinds a params entry may declare (``kinds``), and the train / validation / test split."""
