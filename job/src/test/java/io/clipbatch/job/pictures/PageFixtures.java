package io.clipbatch.job.pictures;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.job.demo.DemoData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Real images for the page tests (demo scenes, one broken file, one missing), and a strict reader of the pages. */
final class PageFixtures {
    static final String MISSING = "/no/such/folder/gone.jpg";

    final List<String> images;
    final String broken;

    private PageFixtures(List<String> images, String broken) {
        this.images = images;
        this.broken = broken;
    }

    static PageFixtures write(Path dir, int n) throws IOException {
        DemoData.write(dir, n, 5);
        try (Stream<Path> files = Files.list(dir.resolve("images"))) {
            List<String> images = files.map(Path::toString).filter(p -> !p.contains("broken-")).sorted().toList();
            return new PageFixtures(images, dir.resolve("images/broken-random.png").toString());
        }
    }

    /** The page parsed as XML: a page that is not well-formed fails here. */
    static Document parse(Path html) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setExpandEntityReferences(false);
        Document page = factory.newDocumentBuilder().parse(html.toFile());
        for (Element element : elements(page, "*")) {
            for (String attribute : List.of("src", "href")) {
                String url = element.getAttribute(attribute);
                assertTrue(url.isEmpty() || url.startsWith("data:"), "a page fetches nothing, but has " + attribute + "=" + url);
            }
        }
        return page;
    }

    static List<Element> elements(Node root, String tag) {
        NodeList nodes = root instanceof Document document ? document.getElementsByTagName(tag)
                : ((Element) root).getElementsByTagName(tag);
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add((Element) nodes.item(i));
        }
        return list;
    }

    static List<Element> withClass(Node root, String tag, String cssClass) {
        return elements(root, tag).stream().filter(e -> List.of(e.getAttribute("class").split(" ")).contains(cssClass)).toList();
    }

    /** The first line of each tile's caption, in page order. */
    static List<String> captions(Element section) {
        return elements(section, "figcaption").stream().map(c -> elements(c, "div").get(0).getTextContent()).toList();
    }
}
