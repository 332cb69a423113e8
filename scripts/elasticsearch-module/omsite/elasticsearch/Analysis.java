package omsite.elasticsearch;

import java.io.IOException;
import java.io.StringReader;
import java.text.ParseException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.de.GermanLightStemFilter;
import org.apache.lucene.analysis.de.GermanNormalizationFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexService.IndexCreationContext;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.CustomAnalyzer;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;

/** Factories for the filters and tokenizers of OmSitePlugin, with Elasticsearch's defaults and checks. */
final class Analysis {
    private Analysis() {}

    /** A per-token filter that also applies to keyword, fuzzy and prefix terms (like Elasticsearch's). */
    private static TokenFilterFactory normalizingFilter(String name, Function<TokenStream, TokenStream> create) {
        return new NormalizingTokenFilterFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TokenStream create(TokenStream stream) {
                return create.apply(stream);
            }
        };
    }

    static TokenFilterFactory germanNormalization(IndexSettings index, Environment env, String name, Settings settings) {
        return normalizingFilter(name, GermanNormalizationFilter::new);
    }

    static TokenFilterFactory asciiFolding(IndexSettings index, Environment env, String name, Settings settings) {
        boolean preserveOriginal = settings.getAsBoolean("preserve_original", false);
        return normalizingFilter(name, stream -> new ASCIIFoldingFilter(stream, preserveOriginal));
    }

    static TokenFilterFactory stemmer(IndexSettings index, Environment env, String name, Settings settings) {
        String language = settings.get("language", settings.get("name", "porter"));
        if (!"light_german".equals(language)) {
            throw new IllegalArgumentException("om-site-analysis: stemmer [" + language + "] not provided (only light_german)");
        }
        return new AbstractTokenFilterFactory(name, settings) {
            @Override
            public TokenStream create(TokenStream stream) {
                return new GermanLightStemFilter(stream);
            }
        };
    }

    private static void checkNgramDiff(IndexSettings index, int minGram, int maxGram, String what) {
        int allowed = index.getMaxNgramDiff();
        if (maxGram - minGram > allowed) {
            throw new IllegalArgumentException(
                "The difference between max_gram and min_gram in " + what + " must be less than or equal to: ["
                    + allowed + "] but was [" + (maxGram - minGram) + "]. This limit can be set by changing the ["
                    + IndexSettings.MAX_NGRAM_DIFF_SETTING.getKey() + "] index level setting."
            );
        }
    }

    /** n-gram filters expand tokens: Elasticsearch refuses them before a synonym filter. */
    private static TokenFilterFactory ngramLike(String name, Settings settings, Function<TokenStream, TokenStream> create) {
        return new AbstractTokenFilterFactory(name, settings) {
            @Override
            public TokenStream create(TokenStream stream) {
                return create.apply(stream);
            }

            @Override
            public TokenFilterFactory getSynonymFilter() {
                throw new IllegalArgumentException("Token filter [" + name() + "] cannot be used to parse synonyms");
            }
        };
    }

    static TokenFilterFactory ngramFilter(IndexSettings index, Environment env, String name, Settings settings) {
        int minGram = settings.getAsInt("min_gram", 1);
        int maxGram = settings.getAsInt("max_gram", 2);
        boolean preserveOriginal = settings.getAsBoolean("preserve_original", false);
        checkNgramDiff(index, minGram, maxGram, "NGram Tokenizer");
        return ngramLike(name, settings, stream -> new NGramTokenFilter(stream, minGram, maxGram, preserveOriginal));
    }

    static TokenFilterFactory edgeNgramFilter(IndexSettings index, Environment env, String name, Settings settings) {
        int minGram = settings.getAsInt("min_gram", 1);
        int maxGram = settings.getAsInt("max_gram", 2);
        boolean preserveOriginal = settings.getAsBoolean("preserve_original", false);
        if ("back".equals(settings.get("side"))) {
            throw new IllegalArgumentException("om-site-analysis: edge_ngram side [back] not provided");
        }
        return ngramLike(name, settings, stream -> new EdgeNGramTokenFilter(stream, minGram, maxGram, preserveOriginal));
    }

    private static TokenizerFactory tokenizer(IndexSettings index, String name, Settings settings, Supplier<Tokenizer> create) {
        if (!settings.getAsList("token_chars").isEmpty()) {
            throw new IllegalArgumentException("om-site-analysis: token_chars not provided for tokenizer [" + name + "]");
        }
        return new AbstractTokenizerFactory(index, settings, name) {
            @Override
            public Tokenizer create() {
                return create.get();
            }
        };
    }

    static TokenizerFactory ngramTokenizer(IndexSettings index, Environment env, String name, Settings settings) {
        int minGram = settings.getAsInt("min_gram", NGramTokenizer.DEFAULT_MIN_NGRAM_SIZE);
        int maxGram = settings.getAsInt("max_gram", NGramTokenizer.DEFAULT_MAX_NGRAM_SIZE);
        checkNgramDiff(index, minGram, maxGram, "NGram Tokenizer");
        return tokenizer(index, name, settings, () -> new NGramTokenizer(minGram, maxGram));
    }

    static TokenizerFactory edgeNgramTokenizer(IndexSettings index, Environment env, String name, Settings settings) {
        int minGram = settings.getAsInt("min_gram", NGramTokenizer.DEFAULT_MIN_NGRAM_SIZE);
        int maxGram = settings.getAsInt("max_gram", NGramTokenizer.DEFAULT_MAX_NGRAM_SIZE);
        return tokenizer(index, name, settings, () -> new EdgeNGramTokenizer(minGram, maxGram));
    }

    /**
     * synonym_graph with inline Solr-format rules. As in Elasticsearch, the rules are analysed by the
     * analyzer's tokenizer, char filters and the token filters before this one, so "Künstliche Intelligenz"
     * in a rule matches whatever those filters made of the text.
     */
    static TokenFilterFactory synonymGraph(IndexSettings index, Environment env, String name, Settings settings) {
        if (settings.get("synonyms_path") != null || settings.get("synonyms_set") != null) {
            throw new IllegalArgumentException("om-site-analysis: only inline synonyms are provided");
        }
        List<String> rules = settings.getAsList("synonyms");
        boolean expand = settings.getAsBoolean("expand", true);
        return new AbstractTokenFilterFactory(name, settings) {
            @Override
            public TokenStream create(TokenStream stream) {
                throw new IllegalStateException("synonym_graph [" + name() + "] used outside an analyzer chain");
            }

            @Override
            public TokenFilterFactory getChainAwareTokenFilterFactory(
                IndexCreationContext context,
                TokenizerFactory tokenizer,
                List<CharFilterFactory> charFilters,
                List<TokenFilterFactory> previousTokenFilters,
                Function<String, TokenFilterFactory> allFilters
            ) {
                SynonymMap synonyms = parse(tokenizer, charFilters, previousTokenFilters, rules, expand);
                String filterName = name();
                return new TokenFilterFactory() {
                    @Override
                    public String name() {
                        return filterName;
                    }

                    @Override
                    public TokenStream create(TokenStream stream) {
                        return synonyms.fst == null ? stream : new SynonymGraphFilter(stream, synonyms, false);
                    }

                    @Override
                    public TokenFilterFactory getSynonymFilter() {
                        return IDENTITY_FILTER; // a later synonym filter parses its rules without this one
                    }
                };
            }
        };
    }

    private static SynonymMap parse(
        TokenizerFactory tokenizer,
        List<CharFilterFactory> charFilters,
        List<TokenFilterFactory> previous,
        List<String> rules,
        boolean expand
    ) {
        TokenFilterFactory[] filters = previous.stream().map(TokenFilterFactory::getSynonymFilter).toArray(TokenFilterFactory[]::new);
        try (Analyzer analyzer = new CustomAnalyzer(tokenizer, charFilters.toArray(new CharFilterFactory[0]), filters)) {
            SolrSynonymParser parser = new SolrSynonymParser(true, expand, analyzer);
            parser.parse(new StringReader(String.join("\n", rules)));
            return parser.build();
        } catch (IOException | ParseException e) {
            throw new IllegalArgumentException("failed to build synonyms: " + e.getMessage(), e);
        }
    }
}
