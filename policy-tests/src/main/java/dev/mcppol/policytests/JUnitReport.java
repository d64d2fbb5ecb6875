package dev.mcppol.policytests;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * {@code --junit FILE}: the JUnit XML that CI servers render. One {@code testsuite} per file, one
 * {@code testcase} per expectation named {@code file:line tool}. Written through the JDK's DOM and
 * transformer, so arguments and reasons with {@code <}, quotes or control characters stay well-formed.
 */
public final class JUnitReport {
    private JUnitReport() {
    }

    public static void write(ReplayReport report, Path out) throws IOException {
        try (OutputStream os = Files.newOutputStream(out)) {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.transform(new DOMSource(document(report)), new StreamResult(os));
        } catch (TransformerException e) {
            throw new IOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    static Document document(ReplayReport report) {
        Document doc;
        try {
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        Element root = doc.createElement("testsuites");
        root.setAttribute("name", "mcppol test");
        root.setAttribute("tests", String.valueOf(report.results().size()));
        root.setAttribute("failures", String.valueOf(report.failed()));
        doc.appendChild(root);
        Map<String, List<CallResult>> byFile = new LinkedHashMap<>();
        for (CallResult r : report.results()) {
            byFile.computeIfAbsent(r.file(), k -> new java.util.ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<CallResult>> e : byFile.entrySet()) {
            Element suite = doc.createElement("testsuite");
            suite.setAttribute("name", e.getKey());
            suite.setAttribute("tests", String.valueOf(e.getValue().size()));
            suite.setAttribute("failures", String.valueOf(e.getValue().stream().filter(r -> !r.passed()).count()));
            suite.setAttribute("errors", "0");
            suite.setAttribute("skipped", "0");
            root.appendChild(suite);
            for (CallResult r : e.getValue()) {
                Element tc = doc.createElement("testcase");
                tc.setAttribute("name", xmlSafe(r.file() + ":" + r.line() + " " + r.tool()));
                tc.setAttribute("classname", xmlSafe(r.file()));
                tc.setAttribute("file", xmlSafe(r.file()));
                tc.setAttribute("line", String.valueOf(r.line()));
                if (!r.passed()) {
                    Element f = doc.createElement("failure");
                    f.setAttribute("message", xmlSafe(r.mismatch()));
                    f.setAttribute("type", "expectation");
                    f.setTextContent(xmlSafe("expected " + r.expected().text() + "\nactual   "
                            + ConsoleReport.decision(r.actual()) + "\nsession " + r.session()
                            + (r.identity() == null ? "" : ", identity " + r.identity())
                            + "\narguments " + r.arguments()));
                    tc.appendChild(f);
                }
                suite.appendChild(tc);
            }
        }
        return doc;
    }

    /** XML 1.0 cannot carry most control characters even escaped; an agent's arguments may hold them. */
    static String xmlSafe(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            boolean ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                    || (c >= 0x10000 && c <= 0x10FFFF);
            if (ok) {
                b.appendCodePoint(c);
            } else {
                b.append(String.format("\\u%04x", c));
            }
        });
        return b.toString();
    }
}
